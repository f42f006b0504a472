import { afterAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../src/shared/types';
import { RegexTrial } from '../../../src/engine/search/regex-trial';
import { LogWindow } from '../../../src/engine/store/log-window';

const recent = () => [
  '2024-03-01T12:00:00Z INFO [checkout-4] user bapene logged in from 10.254.116.125 session=239126bd675b',
  '2024-03-01T12:00:01Z ERROR [payments-1] GET /api/items/622220 status=503 took=259ms req_id=26ef41ca',
];

/** Catastrophic patterns as they are written in the wild: exponential on a near-miss of a few dozen characters. */
const CATASTROPHIC = [
  /(a+)+$/,
  /^(\w+\s?)+$/,
  /(x+x+)+y/,
  /^(([a-z])+.)+[A-Z]([a-z])+$/,
  /(\d|\d\d)+$/,
  /^(.*?,){12}P/,
];
const ORDINARY = [
  /status=5\d\d/,
  /.*timeout.*/i,
  /(\d+\.){3}\d+/,
  /(\d+\.)+\d+/,
  /req_id=[0-9a-f-]+/,
  /^\S+ (ERROR|WARN) \[[^\]]+\]/,
  /(?<=user )\w+/u,
];

describe('RegexTrial', () => {
  const trial = new RegexTrial(500);
  afterAll(() => trial.dispose());

  it.each(ORDINARY.map((r) => [String(r), r]))('lets %s run', async (_, regex) => {
    expect(await trial.finishes(regex, recent)).toBe(true);
  });

  it.each(CATASTROPHIC.map((r) => [String(r), r]))(
    'refuses %s within its budget, and the next regex is tried afresh',
    async (_, regex) => {
      const started = performance.now();
      expect(await trial.finishes(regex, recent)).toBe(false);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(await trial.finishes(/session=\w+/, recent)).toBe(true);
    },
  );

  it('tries the recent lines themselves: a pattern that only blows up on real text is refused too', async () => {
    const lines = () => ['x'.repeat(60) + ' the end'];
    expect(await trial.finishes(/^(x|xx)+ the start/, lines)).toBe(false);
  });
});

describe('a search with a regex that backtracks without end', () => {
  it('is refused with an error naming it, and the engine thread answers the next search', async () => {
    const logs = new LogWindow({ segmentRows: 4, indexSliceMs: 1 });
    const event = (message: string, seq: number): LogEvent => ({
      seq,
      ts: Date.UTC(2024, 2, 1, 12, 0, seq),
      tsOrigin: 'parsed',
      host: 'web-1',
      app: 'shop',
      source: '/var/log/app.log',
      level: 'info',
      message,
    });
    logs.store.add(['a'.repeat(50) + '!', 'user ann logged in', 'status=503'].map(event));
    logs.store.flush();
    const trial = new RegexTrial(500);
    try {
      const refused = await logs.searchTried({ query: 'host:web-1 /(a+)+$/' }, trial);
      expect(refused.error?.message).toMatch(/^\/\(a\+\)\+\$\/ backtracks without end/);
      expect(refused.error?.position).toBe(11);
      expect(refused.indexes).toEqual([]);
      const found = await logs.searchTried({ query: '/status=5\\d\\d/' }, trial);
      expect(found.error).toBeUndefined();
      expect(found.total).toBe(1);
    } finally {
      trial.dispose();
      logs.dispose();
    }
  });
});
