import type { SnapshotHeatmap } from '../snapshot-source';
import { formatClock, formatTime, linearScale, timeTicks } from './chart-scale';
import { escapeHtml } from './html-escape';

const ROW = 18;
const LABEL = 140;
const WIDTH = 1100;

/** Hosts × time: cell darkness is the line count (log scale), redness the share of errors. */
export function heatmapSvg(heatmap: SnapshotHeatmap): string {
  const buckets = heatmap.lines[0]?.length ?? 0;
  if (heatmap.hosts.length === 0 || buckets === 0) return '<p class="empty">No lines in the window.</p>';
  const height = heatmap.hosts.length * ROW + 24;
  const cell = (WIDTH - LABEL) / buckets;
  const max = Math.max(1, ...heatmap.lines.map((row) => Math.max(...row)));
  const end = heatmap.start + buckets * heatmap.bucketMs;
  const x = linearScale(heatmap.start, end, LABEL, WIDTH);
  const parts: string[] = [];
  heatmap.hosts.forEach((host, h) => {
    const y = h * ROW;
    parts.push(
      `<text x="${LABEL - 6}" y="${y + ROW - 5}" text-anchor="end" class="label">${escapeHtml(host)}</text>`,
      `<rect x="${LABEL}" y="${y + 1}" width="${WIDTH - LABEL}" height="${ROW - 2}" class="cell-empty"/>`,
    );
    heatmap.lines[h].forEach((lines, b) => {
      if (lines === 0) return;
      const errors = heatmap.errors[h]?.[b] ?? 0;
      const intensity = 0.15 + 0.85 * (Math.log1p(lines) / Math.log1p(max));
      const errorShare = errors / lines;
      const hue = errorShare > 0 ? 0 : 210;
      const lightness = Math.round(92 - intensity * 55);
      const saturation = errorShare > 0 ? Math.round(50 + 50 * Math.min(1, errorShare * 4)) : 60;
      const t = heatmap.start + b * heatmap.bucketMs;
      parts.push(
        `<rect x="${(LABEL + b * cell).toFixed(1)}" y="${y + 1}" width="${Math.max(1, cell).toFixed(1)}" height="${ROW - 2}" fill="hsl(${hue} ${saturation}% ${lightness}%)"><title>${escapeHtml(host)} ${formatTime(t)}: ${lines} lines, ${errors} errors</title></rect>`,
      );
    });
  });
  const axisY = heatmap.hosts.length * ROW + 16;
  for (const t of timeTicks(heatmap.start, end, 8)) {
    parts.push(
      `<text x="${x(t).toFixed(1)}" y="${axisY}" text-anchor="middle" class="tick">${formatClock(t)}</text>`,
    );
  }
  return `<svg data-testid="heatmap" class="heatmap" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="Lines per host over time">${parts.join('')}</svg>`;
}
