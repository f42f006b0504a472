import { describe, expect, it } from 'vitest';
import { Rollups } from '../../../src/engine/store/rollups';

const T0 = Date.UTC(2026, 11, 5, 9, 0, 0);
/** Level codes as the store counts them (see row-flags): 2 is error, 4 info. */
const ERROR = 2;
const INFO = 4;

describe('Rollups.rates', () => {
  it('counts lines and errors per application and second as a count of the rows would, late rows and new applications included', () => {
    const hosts = ['web-1', 'web-2'];
    const apps = ['checkout'];
    const rollups = new Rollups(hosts, apps);
    const rows: { ts: number; app: number; error: boolean }[] = [];
    let seed = 3;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let i = 0; i < 5000; i++) {
      // Mostly forward in time, sometimes a minute back (late rows), with fractions of a millisecond.
      const ts = T0 + i * 37 + (next() < 0.1 ? -60_000 : 0) + next();
      // A third application appears half way: its counts grow the buckets made before.
      if (i === 2500) apps.push('search', 'payments');
      const app = Math.floor(next() * apps.length);
      const error = next() < 0.2;
      rows.push({ ts, app, error });
      rollups.add(ts, i % 2, app, error ? ERROR : INFO);
    }
    for (const stepMs of [1000, 5000, 60_000]) {
      const from = T0 - 60_000;
      const to = T0 + 5000 * 37;
      const series = rollups.rates(from, to, stepMs);
      const start = series.from;
      for (const [a, app] of apps.entries()) {
        const lines = new Array<number>(series.times.length).fill(0);
        const errors = new Array<number>(series.times.length).fill(0);
        for (const row of rows) {
          if (row.app !== a) continue;
          const column = Math.floor((Math.floor(row.ts / 1000) * 1000 - start) / stepMs);
          if (column < 0 || column >= lines.length) continue;
          lines[column] += 1000 / stepMs;
          if (row.error) errors[column] += 1000 / stepMs;
        }
        const got = series.apps[a];
        expect(got.app).toBe(app);
        expect(
          got.linesPerSec.map((v) => +v.toFixed(6)),
          `${app} every ${stepMs} ms`,
        ).toEqual(lines.map((v) => +v.toFixed(6)));
        expect(got.errorsPerSec.map((v) => +v.toFixed(6))).toEqual(errors.map((v) => +v.toFixed(6)));
      }
      expect(series.apps[0].linesPerSec.reduce((sum, v) => sum + (v * stepMs) / 1000, 0)).toBeGreaterThan(
        1000,
      );
    }
  });
});
