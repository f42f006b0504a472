import type { SnapshotWindow } from '../snapshot-source';
import { formatClock, formatTime, linearScale, timeTicks } from './chart-scale';
import { escapeHtml } from './html-escape';
import type { TimelineItem, TimelineItemKind } from './timeline-items';

const WIDTH = 1100;
const LANES: TimelineItemKind[] = ['mark', 'action', 'anomaly', 'note'];
const LANE_LABELS: Record<TimelineItemKind, string> = {
  mark: 'Marks',
  action: 'Actions',
  anomaly: 'Anomalies',
  note: 'Notes',
};
const LANE = 26;
const LABEL = 140;
/** Room above the lanes for mark labels, on two alternating rows so neighbours do not overlap. */
const TOP = 30;

/** One lane per kind across the window; every symbol carries its description as a tooltip. */
export function timelineSvg(window: SnapshotWindow, items: readonly TimelineItem[]): string {
  const from = Math.min(window.from, ...items.map((i) => i.ts));
  const to = Math.max(window.to, ...items.map((i) => i.ts));
  const x = linearScale(from, to, LABEL, WIDTH - 10);
  const height = TOP + LANES.length * LANE + 24;
  const parts: string[] = [];
  LANES.forEach((lane, l) => {
    const y = TOP + l * LANE + LANE / 2;
    parts.push(
      `<text x="${LABEL - 8}" y="${y + 4}" text-anchor="end" class="label">${LANE_LABELS[lane]}</text>`,
      `<line x1="${LABEL}" x2="${WIDTH - 10}" y1="${y}" y2="${y}" class="lane"/>`,
    );
  });
  let markIndex = 0;
  for (const item of items) {
    const l = LANES.indexOf(item.kind);
    const cx = x(item.ts).toFixed(1);
    const cy = TOP + l * LANE + LANE / 2;
    const tip = `<title>${escapeHtml(`${formatTime(item.ts)} ${item.title}${item.detail ? ` — ${item.detail}` : ''}`)}</title>`;
    if (item.kind === 'mark') {
      parts.push(
        `<line x1="${cx}" x2="${cx}" y1="${markIndex % 2 === 0 ? 14 : 26}" y2="${TOP + LANES.length * LANE}" class="mark-line"/>`,
        `<circle cx="${cx}" cy="${cy}" r="6" class="sym-mark">${tip}</circle>`,
        `<text x="${cx}" y="${markIndex % 2 === 0 ? 10 : 22}" text-anchor="middle" class="mark-label">${escapeHtml(item.title)}</text>`,
      );
      markIndex++;
    } else {
      parts.push(`<circle cx="${cx}" cy="${cy}" r="5" class="sym-${item.kind}">${tip}</circle>`);
    }
  }
  for (const t of timeTicks(from, to, 8)) {
    parts.push(
      `<text x="${x(t).toFixed(1)}" y="${height - 6}" text-anchor="middle" class="tick">${formatClock(t)}</text>`,
    );
  }
  return `<svg data-testid="timeline" class="timeline" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="Incident timeline">${parts.join('')}</svg>`;
}
