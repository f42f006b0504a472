import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { forecastCommand } from '../../../src/cli/commands/forecast';
import type { CliIo } from '../../../src/cli/command';
import { synthetic } from './synthetic';

const dir = mkdtempSync(path.join(tmpdir(), 'watchfloor-forecast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, body);
  return file;
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c) => out.push(String(c)));
  stderr.on('data', (c) => err.push(String(c)));
  const io: CliIo = { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: dir };
  const code = await forecastCommand.run(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const start = Date.parse('2024-03-01T00:00:00Z');
const hourly = synthetic({ length: 24 * 21, level: 40, season: 24, amplitude: 10, noise: 2, seed: 17 });
const body = [
  'timestamp,value',
  ...hourly.map(
    (v, i) => `${new Date(start + i * 3_600_000).toISOString().replace('T', ' ').slice(0, 19)},${v}`,
  ),
].join('\n');

describe('watchfloor forecast', () => {
  it('prints the model, season, forecast with intervals, backtest scores and timestamps as JSON', async () => {
    csv('rate.csv', body);
    const { code, stdout } = await run(['rate.csv', '--horizon', '6', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.season).toBe(24);
    expect(report.stepMs).toBe(3_600_000);
    expect(report.forecast).toHaveLength(6);
    expect(report.lower).toHaveLength(6);
    expect(report.upper).toHaveLength(6);
    expect(report.backtest.mase).toBeGreaterThan(0);
    expect(report.timestamps[0]).toBe(new Date(start + hourly.length * 3_600_000).toISOString());
  });

  it('prints a readable table and a time-to-threshold sentence without --json', async () => {
    csv('rate.csv', body);
    const { code, stdout } = await run([
      'rate.csv',
      '--horizon',
      '12',
      '--model',
      'holt-winters',
      '--threshold',
      '45',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('model holt-winters, season 24 steps (24 h)');
    expect(stdout).toMatch(/rate (cross 45 in about|stay below 45|is already)/);
  });

  it('says a series too short to backtest could not be tested, instead of printing NaN scores', async () => {
    const file = csv(
      'short.csv',
      'timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 00:01:00,2\n2024-01-01 00:02:00,3\n',
    );
    const { code, stdout } = await run([file, '--horizon', '3']);
    expect(code).toBe(0);
    expect(stdout).toContain(
      'backtest: not possible with 3 point(s), so the model was not tested on past data',
    );
    expect(stdout).not.toContain('NaN');
  });

  it('names the file and line of a bad number', async () => {
    const file = csv('bad.csv', 'timestamp,value\n2024-03-01 00:00:00,1\n2024-03-01 01:00:00,oops\n');
    const { code, stderr } = await run(['bad.csv', '--horizon', '3']);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}: bad number "oops" on line 3`);
  });

  it('rejects a missing horizon and an unknown model with usage', async () => {
    csv('rate.csv', body);
    expect((await run(['rate.csv'])).code).toBe(2);
    const unknown = await run(['rate.csv', '--horizon', '3', '--model', 'prophet']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown --model "prophet"');
  });

  it('reports a missing file by name', async () => {
    const { code, stderr } = await run(['absent.csv', '--horizon', '3']);
    expect(code).toBe(1);
    expect(stderr).toContain('absent.csv');
  });
});
