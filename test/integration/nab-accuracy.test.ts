import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtest } from '../../src/engine/analytics/backtest';
import { MODEL_NAMES, type ModelName } from '../../src/engine/analytics/forecast-model';
import { selectModel } from '../../src/engine/analytics/model-selection';
import { FORECASTERS } from '../../src/engine/analytics/models';
import { regularise } from '../../src/engine/analytics/regular-series';
import { detectSeason } from '../../src/engine/analytics/seasonality';
import { parseSeriesCsv } from '../../src/engine/analytics/series-csv';
import { sharedDataDir } from '../harness/shared-data';

const HORIZONS = [12, 48];
// Held-out tail: this many consecutive, non-overlapping horizons at the end of each series.
const EVALUATION_WINDOWS = 5;

interface SeriesScores {
  series: string;
  horizon: number;
  season: number | null;
  chosen: ModelName;
  mase: Record<ModelName | 'chosen', number>;
}

function csvFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.csv'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Selection sees only the training part (everything before the held-out tail); every model, and the
 * selected one, is then scored by rolling origins over the tail.
 */
function evaluate(
  name: string,
  values: readonly number[],
  stepMs: number,
  horizon: number,
): SeriesScores | null {
  const firstHeldOut = values.length - EVALUATION_WINDOWS * horizon;
  const training = values.slice(0, firstHeldOut);
  if (training.length < 10 * horizon) return null;
  const season = detectSeason(training, { stepMs });
  const { model: chosen } = selectModel(training, { horizon, season: season ?? 1 });

  const heldOut = { horizon, season: season ?? 1, origins: EVALUATION_WINDOWS, stride: horizon };
  const mase = {} as Record<ModelName | 'chosen', number>;
  for (const model of MODEL_NAMES) mase[model] = backtest(values, FORECASTERS[model], heldOut).mase;
  mase.chosen = mase[chosen];
  return { series: name, horizon, season, chosen, mase };
}

const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const cell = (x: number) => x.toFixed(2).padStart(8);

function printTable(rows: SeriesScores[]): void {
  const columns = [...MODEL_NAMES, 'chosen'] as const;
  const lines = [
    `${'series'.padEnd(44)} ${'h'.padStart(3)} ${'season'.padStart(6)} ${columns.map((c) => c.slice(0, 8).padStart(8)).join(' ')}  pick`,
  ];
  for (const r of rows) {
    lines.push(
      `${r.series.slice(-44).padEnd(44)} ${String(r.horizon).padStart(3)} ${String(r.season ?? '-').padStart(6)} ${columns.map((c) => cell(r.mase[c])).join(' ')}  ${r.chosen}`,
    );
  }
  for (const horizon of HORIZONS) {
    const subset = rows.filter((r) => r.horizon === horizon);
    lines.push(
      `${`mean MASE, horizon ${horizon}`.padEnd(55)} ${columns.map((c) => cell(meanOf(subset.map((r) => r.mase[c])))).join(' ')}`,
    );
  }
  lines.push(
    `${'mean MASE, all'.padEnd(55)} ${columns.map((c) => cell(meanOf(rows.map((r) => r.mase[c])))).join(' ')}`,
  );
  console.log(lines.join('\n'));
}

const nabDir = sharedDataDir('nab');

describe.skipIf(nabDir === null)('forecast accuracy on the NAB corpus', () => {
  it('picks per series a model that beats seasonal naive and every single model on held-out data', () => {
    const rows: SeriesScores[] = [];
    for (const file of csvFiles(nabDir!)) {
      const name = path.relative(nabDir!, file);
      const { values, step } = regularise(parseSeriesCsv(readFileSync(file, 'utf8'), file));
      for (const horizon of HORIZONS) {
        const scores = evaluate(name, values, step, horizon);
        if (scores) rows.push(scores);
      }
    }
    printTable(rows);
    expect(rows.length).toBeGreaterThan(0);

    const chosen = meanOf(rows.map((r) => r.mase.chosen));
    for (const model of MODEL_NAMES) {
      expect(chosen, `chosen vs ${model} alone`).toBeLessThan(meanOf(rows.map((r) => r.mase[model])));
    }
  });
});
