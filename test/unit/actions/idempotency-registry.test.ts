import { describe, expect, it } from 'vitest';
import { IdempotencyRegistry } from '../../../src/engine/actions/idempotency-registry';

describe('idempotency registry', () => {
  it('runs a key once: a call while it is in flight shares the result, a later call replays it', async () => {
    const registry = new IdempotencyRegistry<string>();
    let runs = 0;
    let release!: (v: string) => void;
    const work = () => {
      runs++;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const first = registry.run('k', work);
    const second = registry.run('k', work);
    release('done');
    expect(await first).toEqual({ result: 'done', replayed: false });
    expect(await second).toEqual({ result: 'done', replayed: true });
    expect(await registry.run('k', work)).toEqual({ result: 'done', replayed: true });
    expect(runs).toBe(1);
  });

  it('keeps different keys apart', async () => {
    const registry = new IdempotencyRegistry<number>();
    expect((await registry.run('a', async () => 1)).result).toBe(1);
    expect((await registry.run('b', async () => 2)).result).toBe(2);
  });

  it('releases a key whose work threw, so it may be tried again', async () => {
    const registry = new IdempotencyRegistry<string>();
    await expect(registry.run('k', async () => Promise.reject(new Error('audit disk full')))).rejects.toThrow(
      'audit disk full',
    );
    expect(registry.has('k')).toBe(false);
    expect(await registry.run('k', async () => 'ok')).toEqual({ result: 'ok', replayed: false });
  });

  it('never fires a key seeded from an earlier run', async () => {
    const registry = new IdempotencyRegistry<string>();
    registry.seed('k', 'from the audit log');
    let ran = false;
    expect(
      await registry.run('k', async () => {
        ran = true;
        return 'again';
      }),
    ).toEqual({ result: 'from the audit log', replayed: true });
    expect(ran).toBe(false);
  });
});
