import { describe, expect, it } from 'vitest';
import { mineErrorSignatures } from '../../../src/engine/analytics/error-signatures';
import { maskVariables } from '../../../src/engine/analytics/line-masking';

const MINUTE = 60_000;

describe('line masking', () => {
  it('masks numbers, hex ids, uuids, ips and paths', () => {
    expect(
      maskVariables(
        'user 4821 request 3f2a9c1d-7b4e-4c1a-9d2e-0a1b2c3d4e5f from 10.0.3.17:5432 failed reading /var/lib/app/data.db after 350ms (trace 9f8e7d6c5b4a)',
      ),
    ).toBe('user <NUM> request <UUID> from <IP> failed reading <PATH> after <NUM> (trace <HEX>)');
  });

  it('keeps words that merely contain digits or hex letters', () => {
    expect(maskVariables('http2 upstream deadbeef-less cache')).toBe('http2 upstream deadbeef-less cache');
  });

  it('masks 0x addresses and URLs', () => {
    expect(maskVariables('segfault at 0x7ffd1234 fetching https://api.example.com/v1/items?id=3')).toBe(
      'segfault at <HEX> fetching <URL>',
    );
  });
});

describe('error signatures', () => {
  const timeout = (i: number, ts: number) => ({
    ts,
    message: `Timeout after ${1000 + i}ms calling 10.1.2.${i % 250} for order ${i}`,
  });
  const pool = (ts: number) => ({ ts, message: 'Connection pool exhausted: 50 of 50 in use' });

  it('groups lines that differ only in variable parts under one template', () => {
    const lines = Array.from({ length: 20 }, (_, i) => timeout(i, i * MINUTE));
    const [signature] = mineErrorSignatures(lines);
    expect(signature.template).toBe('Timeout after <NUM> calling <IP> for order <NUM>');
    expect(signature.count).toBe(20);
    expect(signature.firstSeen).toBe(0);
    expect(signature.lastSeen).toBe(19 * MINUTE);
    expect(signature.example).toBe(lines[0].message);
  });

  it('turns positions that vary after masking into wildcards, as Drain does', () => {
    const lines = ['alpha', 'beta', 'gamma'].map((shard, i) => ({
      ts: i,
      message: `Replica ${shard} lagging behind primary`,
    }));
    const signatures = mineErrorSignatures(lines);
    expect(signatures).toHaveLength(1);
    expect(signatures[0].template).toBe('Replica <*> lagging behind primary');
  });

  it('keeps different errors apart', () => {
    const lines = [timeout(1, 0), pool(1), timeout(2, 2), pool(3)];
    expect(mineErrorSignatures(lines).map((s) => s.count)).toEqual([2, 2]);
  });

  it('marks a signature spiking when its recent rate far exceeds its own baseline', () => {
    // One timeout a minute for an hour, then thirty in the last five minutes; the pool error stays steady.
    const lines = [
      ...Array.from({ length: 60 }, (_, i) => timeout(i, i * MINUTE)),
      ...Array.from({ length: 30 }, (_, i) => timeout(100 + i, 60 * MINUTE + i * 10_000)),
      ...Array.from({ length: 65 }, (_, i) => pool(i * MINUTE)),
    ];
    const signatures = mineErrorSignatures(lines, { now: 65 * MINUTE, recentMs: 5 * MINUTE });
    expect(signatures[0].template).toMatch(/^Timeout/);
    expect(signatures[0].spiking).toBe(true);
    expect(signatures.find((s) => s.template.startsWith('Connection'))!.spiking).toBe(false);
  });

  it('marks a signature that first appears in a burst as spiking', () => {
    const lines = [
      ...Array.from({ length: 60 }, (_, i) => pool(i * MINUTE)),
      ...Array.from({ length: 8 }, (_, i) => ({ ts: 58 * MINUTE + i, message: `OOM killed worker ${i}` })),
    ];
    const oom = mineErrorSignatures(lines).find((s) => s.template.startsWith('OOM'))!;
    expect(oom.firstSeen).toBe(58 * MINUTE);
    expect(oom.spiking).toBe(true);
  });

  it('does not call two recent lines a spike', () => {
    const lines = [
      pool(0),
      { ts: 10 * MINUTE, message: 'disk full on /dev/sda1' },
      { ts: 10 * MINUTE + 1, message: 'disk full on /dev/sdb1' },
    ];
    expect(mineErrorSignatures(lines).every((s) => !s.spiking)).toBe(true);
  });
});
