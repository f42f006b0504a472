import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MODEL_NAMES, isModelName, type ModelName } from '../../engine/analytics/forecast-model';
import { forecastSeries, type SeriesForecast } from '../../engine/analytics/forecaster';
import { regularise, type RegularSeries } from '../../engine/analytics/regular-series';
import { SeriesCsvError, parseSeriesCsv } from '../../engine/analytics/series-csv';
import {
  describeCrossing,
  formatDuration,
  timeToThreshold,
  type ThresholdCrossing,
} from '../../engine/analytics/time-to-threshold';
import type { CliCommand, CliIo } from '../command';

const USAGE = `watchfloor forecast FILE.csv --horizon H [--json] [--model auto|${MODEL_NAMES.join('|')}] [--threshold X] [--level L]

Reads a timestamp,value CSV (one header line allowed), puts it on a regular grid at its median time step,
and forecasts the next H steps with prediction intervals (80% unless --level says otherwise).`;

interface ForecastReport extends SeriesForecast {
  file: string;
  stepMs: number;
  /** Steps that had no sample (absent or without a value), filled by linear interpolation. */
  filled: number;
  /** Points of the regular series the forecast was made from. */
  points: number;
  /** ISO timestamps of the forecast points. */
  timestamps: string[];
  threshold?: ThresholdCrossing & { summary: string };
}

class UsageError extends Error {}

export const forecastCommand: CliCommand = {
  name: 'forecast',
  summary: 'Forecast a timestamp,value CSV, with the model picked by backtest',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    try {
      const report = await forecastFile(argv, io);
      if (report.json) io.stdout.write(`${JSON.stringify(report.report, null, 2)}\n`);
      else io.stdout.write(renderText(report.report));
      return 0;
    } catch (error) {
      if (error instanceof UsageError) {
        io.stderr.write(`watchfloor forecast: ${error.message}\n\nusage: ${USAGE}\n`);
        return 2;
      }
      if (error instanceof SeriesCsvError || error instanceof RangeError || isFileError(error)) {
        io.stderr.write(`watchfloor forecast: ${(error as Error).message}\n`);
        return 1;
      }
      throw error;
    }
  },
};

async function forecastFile(argv: string[], io: CliIo): Promise<{ report: ForecastReport; json: boolean }> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        horizon: { type: 'string' },
        model: { type: 'string', default: 'auto' },
        threshold: { type: 'string' },
        level: { type: 'string', default: '0.8' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values: opts, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('expected exactly one CSV file');
  const horizon = Number(opts.horizon);
  if (!Number.isInteger(horizon) || horizon < 1)
    throw new UsageError('--horizon must be a positive whole number of steps');
  const model = opts.model!;
  if (model !== 'auto' && !isModelName(model))
    throw new UsageError(`unknown --model ${JSON.stringify(model)}`);
  const level = Number(opts.level);
  if (!(level > 0 && level < 1)) throw new UsageError('--level must be between 0 and 1, e.g. 0.8');
  const threshold = opts.threshold === undefined ? undefined : Number(opts.threshold);
  if (threshold !== undefined && !Number.isFinite(threshold))
    throw new UsageError('--threshold must be a number');

  const file = path.resolve(io.cwd, positionals[0]);
  const points = parseSeriesCsv(await readFile(file, 'utf8'), file);
  if (points.length < 2)
    throw new RangeError(`${file}: needs at least two data points, found ${points.length}`);
  const series = regularise(points);
  const result = forecastSeries(series.values, {
    horizon,
    model: model as ModelName | 'auto',
    level,
    stepMs: series.step,
  });
  return { report: buildReport(file, series, result, threshold), json: opts.json! };
}

function buildReport(
  file: string,
  series: RegularSeries,
  result: SeriesForecast,
  threshold?: number,
): ForecastReport {
  const lastTs = series.start + (series.values.length - 1) * series.step;
  const report: ForecastReport = {
    file,
    ...result,
    stepMs: series.step,
    filled: series.filled,
    points: series.values.length,
    timestamps: result.forecast.map((_, i) => new Date(lastTs + (i + 1) * series.step).toISOString()),
  };
  if (threshold !== undefined) {
    const crossing = timeToThreshold(series.values[series.values.length - 1], result, threshold, series.step);
    report.threshold = { ...crossing, summary: describeCrossing(path.basename(file, '.csv'), crossing) };
  }
  return report;
}

function renderText(r: ForecastReport): string {
  const pct = Math.round(r.level * 100);
  const lines = [
    `${r.file}`,
    `model ${r.model}, season ${r.season === null ? 'none' : `${r.season} steps (${formatDuration(r.season * r.stepMs)})`}, step ${formatDuration(r.stepMs)}`,
    Number.isFinite(r.backtest.mase)
      ? `backtest MASE ${r.backtest.mase.toFixed(3)}, sMAPE ${r.backtest.smape.toFixed(1)}%`
      : `backtest: not possible with ${r.points} point(s), so the model was not tested on past data`,
  ];
  if (r.filled > 0) lines.push(`${r.filled} missing step(s) filled by linear interpolation`);
  const others = Object.entries(r.candidates).filter(([name]) => name !== r.model);
  if (others.length > 0)
    lines.push(
      `  others: ${others.map(([name, s]) => `${name} ${Number.isFinite(s.mase) ? s.mase.toFixed(3) : 'n/a'}`).join(', ')}`,
    );
  lines.push(
    '',
    `${'time'.padEnd(24)} ${'forecast'.padStart(12)} ${`${pct}% low`.padStart(12)} ${`${pct}% high`.padStart(12)}`,
  );
  r.forecast.forEach((v, i) => {
    lines.push(`${r.timestamps[i].padEnd(24)} ${fmt(v)} ${fmt(r.lower[i])} ${fmt(r.upper[i])}`);
  });
  if (r.threshold) lines.push('', r.threshold.summary);
  return `${lines.join('\n')}\n`;
}

const fmt = (x: number) => Number(x.toPrecision(6)).toString().padStart(12);

function isFileError(error: unknown): boolean {
  return (
    error instanceof Error && 'code' in error && typeof (error as NodeJS.ErrnoException).path === 'string'
  );
}
