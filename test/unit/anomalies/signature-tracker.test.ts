import { describe, expect, it } from 'vitest';
import { SignatureTracker } from '../../../src/engine/anomalies/signature-tracker';

const T0 = Date.UTC(2024, 2, 1, 12, 0, 0);

describe('incremental error signatures', () => {
  it('groups lines that differ in variables into one template with its line count', () => {
    const tracker = new SignatureTracker('shop');
    for (let i = 0; i < 20; i++)
      tracker.add(T0 + i * 1000, `payment 4${i}17 failed for user u${i}@example.org after ${i} ms`);
    tracker.add(T0 + 30_000, 'disk /var/lib/db is full');
    const [payment, disk] = tracker.signatures(T0 + 60_000).sort((a, b) => b.count - a.count);
    expect(payment).toMatchObject({ count: 20, firstSeen: T0, lastSeen: T0 + 19_000 });
    expect(payment.template).toBe('payment <NUM> failed for user <EMAIL> after <NUM> ms');
    expect(payment.example).toBe('payment 4017 failed for user u0@example.org after 0 ms');
    expect(disk.template).toBe('disk <PATH> is full');
    expect(tracker.size).toBe(2);
  });

  it('marks signatures first seen after the warm-up as new, and reports which line created one', () => {
    const tracker = new SignatureTracker('shop', { warmupMs: 60_000 });
    expect(tracker.add(T0, 'connection reset by peer 10.0.0.1').created).toBe(true);
    expect(tracker.add(T0 + 1000, 'connection reset by peer 10.0.0.2').created).toBe(false);
    const late = tracker.add(T0 + 120_000, 'certificate expired for api.example.org');
    expect(late.created).toBe(true);
    expect(tracker.signature(late.id, T0 + 120_000)).toMatchObject({ isNew: true, count: 1 });
    const usual = tracker.signatures(T0 + 120_000).find((s) => s.template.startsWith('connection'))!;
    expect(usual.isNew).toBe(false);
  });

  it('calls a signature spiking when its recent count far exceeds its own earlier rate', () => {
    const tracker = new SignatureTracker('shop', { recentMs: 60_000, minRecent: 5, spikeRatio: 3 });
    // One a minute for an hour, then 30 in the last minute.
    for (let m = 0; m < 60; m++) tracker.add(T0 + m * 60_000, `timeout calling inventory after ${m} ms`);
    const before = tracker.signatures(T0 + 60 * 60_000 - 1)[0];
    expect(before.spiking).toBe(false);
    for (let i = 0; i < 30; i++)
      tracker.add(T0 + 60 * 60_000 + i * 1000, `timeout calling inventory after ${i} ms`);
    const after = tracker.signatures(T0 + 61 * 60_000)[0];
    expect(after).toMatchObject({ spiking: true, count: 90 });
    expect(after.recentCount).toBeGreaterThanOrEqual(30);
    // Quiet again: the recent window empties and the spike ends.
    expect(tracker.signatures(T0 + 70 * 60_000)[0].spiking).toBe(false);
  });

  it('keeps a bounded number of signatures, dropping the least recently seen', () => {
    const tracker = new SignatureTracker('shop', { maxSignatures: 3 });
    const words = ['alpha', 'bravo', 'charlie', 'delta'];
    words.forEach((w, i) => tracker.add(T0 + i, `${w} exploded`));
    expect(tracker.size).toBe(3);
    expect(
      tracker
        .signatures(T0 + 10)
        .map((s) => s.template)
        .sort(),
    ).toEqual(['bravo exploded', 'charlie exploded', 'delta exploded']);
  });

  it('mines only the first line of a multi-line event (a stack trace)', () => {
    const tracker = new SignatureTracker('shop');
    tracker.add(T0, 'NullPointerException in Cart\n  at a.b.C(C.java:1)\n  at d.e.F(F.java:2)');
    expect(tracker.signatures(T0)[0].template).toBe('NullPointerException in Cart');
  });
});
