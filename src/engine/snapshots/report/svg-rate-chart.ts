import type { SnapshotForecast, SnapshotSeries } from '../snapshot-source';
import { formatClock, formatNumber, linearScale, timeTicks } from './chart-scale';
import { escapeHtml } from './html-escape';

const WIDTH = 540;
const HEIGHT = 180;
const PAD = { left: 48, right: 10, top: 22, bottom: 22 };

function points(xs: number[], ys: number[], x: (v: number) => number, y: (v: number) => number): string {
  return xs.map((t, i) => `${x(t).toFixed(1)},${y(ys[i]).toFixed(1)}`).join(' ');
}

const times = (start: number, stepMs: number, n: number) =>
  Array.from({ length: n }, (_, i) => start + i * stepMs);

/** One series as a line, its forecast dashed with the prediction interval shaded. */
export function rateChartSvg(series: SnapshotSeries, forecast?: SnapshotForecast): string {
  const st = times(series.start, series.stepMs, series.values.length);
  const ft = forecast ? times(forecast.start, forecast.stepMs, forecast.forecast.length) : [];
  const allT = [...st, ...ft];
  const allV = [
    ...series.values,
    ...(forecast ? [...forecast.upper, ...forecast.lower, ...forecast.forecast] : []),
  ].filter(Number.isFinite);
  if (allT.length === 0) return '';
  const t0 = Math.min(...allT);
  const t1 = Math.max(...allT);
  const vMax = Math.max(1, ...allV);
  const vMin = Math.min(0, ...allV);
  const x = linearScale(t0, t1, PAD.left, WIDTH - PAD.right);
  const y = linearScale(vMin, vMax, HEIGHT - PAD.bottom, PAD.top);
  const parts: string[] = [];
  for (const v of [vMin, (vMin + vMax) / 2, vMax]) {
    parts.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`,
      `<text x="${PAD.left - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="tick">${formatNumber(v)}</text>`,
    );
  }
  for (const t of timeTicks(t0, t1, 5)) {
    parts.push(
      `<text x="${x(t).toFixed(1)}" y="${HEIGHT - 6}" text-anchor="middle" class="tick">${formatClock(t)}</text>`,
    );
  }
  if (forecast && ft.length > 0) {
    const band = `${points(ft, forecast.upper, x, y)} ${points([...ft].reverse(), [...forecast.lower].reverse(), x, y)}`;
    parts.push(
      `<polygon points="${band}" class="band"><title>${Math.round(forecast.level * 100)}% interval (${escapeHtml(forecast.model)})</title></polygon>`,
      `<polyline points="${points(ft, forecast.forecast, x, y)}" class="forecast"/>`,
    );
  }
  parts.push(`<polyline points="${points(st, series.values, x, y)}" class="actual"/>`);
  const title = `${series.name}${series.host ? ` · ${series.host}` : ''}${series.unit ? ` (${series.unit})` : ''}`;
  parts.push(`<text x="${PAD.left}" y="14" class="chart-title">${escapeHtml(title)}</text>`);
  return `<svg class="rate-chart" data-testid="rate-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">${parts.join('')}</svg>`;
}
