import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../src/engine/fleet/backoff';
import { Limiter } from '../../../src/engine/fleet/connect-limiter';

/** A promise with its resolve function, to finish tasks in a chosen order. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Limiter', () => {
  it('refuses a limit below 1', () => {
    for (const limit of [0, -1, Number.NaN]) expect(() => new Limiter(limit)).toThrow(/at least 1/);
  });

  it('never runs more tasks at once than its limit, and runs them all', async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let peak = 0;
    const gates = Array.from({ length: 10 }, () => deferred());
    const results = gates.map((gate, i) =>
      limiter.run(async () => {
        active++;
        peak = Math.max(peak, active);
        await gate.promise;
        active--;
        return i;
      }),
    );
    await settle();
    expect(limiter.active).toBe(3);
    expect(limiter.queued).toBe(7);
    for (const gate of [...gates].reverse()) {
      gate.resolve();
      await settle();
    }
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
    expect(limiter.active).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it('hands free slots to waiters in the order they asked', async () => {
    const limiter = new Limiter(1);
    const release = await limiter.acquire();
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) => limiter.acquire().then((r) => (order.push(n), r)));
    await settle();
    expect(order).toEqual([]);
    release();
    (await waiters[0])();
    (await waiters[1])();
    (await waiters[2])();
    expect(order).toEqual([1, 2, 3]);
    expect(limiter.active).toBe(0);
  });

  it('ignores a second release of the same slot', async () => {
    const limiter = new Limiter(2);
    const a = await limiter.acquire();
    await limiter.acquire();
    a();
    a();
    expect(limiter.active).toBe(1);
  });

  it('frees the slot when a task fails, and passes the failure on', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error('handshake failed')))).rejects.toThrow(
      'handshake failed',
    );
    expect(limiter.active).toBe(0);
    expect(await limiter.run(async () => 'next')).toBe('next');
  });
});

describe('backoffDelay', () => {
  const policy = { initialMs: 500, maxMs: 30_000, jitter: 0.5 };

  it('doubles from the initial delay with each attempt, up to the cap, when jitter draws 0', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) => backoffDelay(attempt, policy, () => 0));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('takes off at most the jitter fraction, so delays stay within [base × (1 − jitter), base]', () => {
    expect(backoffDelay(1, policy, () => 0.999999)).toBe(250);
    expect(backoffDelay(20, policy, () => 0.5)).toBe(22_500);
    for (let i = 0; i < 1000; i++) {
      const delay = backoffDelay(4, policy);
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });

  it('spreads a fleet that reconnects at the same attempt', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, DEFAULT_BACKOFF)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('treats attempt 0 or less as the first attempt, and returns whole milliseconds', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(500);
    expect(backoffDelay(-3, policy, () => 0)).toBe(500);
    expect(
      Number.isInteger(backoffDelay(2, { initialMs: 333, maxMs: 10_000, jitter: 0.3 }, () => 0.123)),
    ).toBe(true);
  });

  it('never overflows on huge attempt numbers', () => {
    expect(backoffDelay(10_000, policy, () => 0)).toBe(30_000);
  });

  it('is deterministic without jitter', () => {
    expect(backoffDelay(3, { initialMs: 100, maxMs: 1000, jitter: 0 })).toBe(400);
  });
});
