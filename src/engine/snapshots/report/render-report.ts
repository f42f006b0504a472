import {
  formatDuration,
  type IncidentMark,
  type IncidentNote,
  type IncidentTimeline,
} from '../../../shared/incident';
import type { ManifestBody } from '../snapshot-format';
import type {
  SnapshotAnomaly,
  SnapshotAuditEntry,
  SnapshotEvent,
  SnapshotForecast,
  SnapshotHeatmap,
  SnapshotSeries,
  SnapshotSignature,
} from '../snapshot-source';
import { formatTime } from './chart-scale';
import { escapeHtml, jsonForScript } from './html-escape';
import { REPORT_CSS, REPORT_SCRIPT } from './report-assets';
import { heatmapSvg } from './svg-heatmap';
import { rateChartSvg } from './svg-rate-chart';
import { timelineSvg } from './svg-timeline';
import { timelineItems } from './timeline-items';

export interface ReportData {
  summary: Omit<ManifestBody, 'entries'>;
  timeline: IncidentTimeline;
  marks: IncidentMark[];
  notes: IncidentNote[];
  audit: SnapshotAuditEntry[];
  anomalies: SnapshotAnomaly[];
  heatmap: SnapshotHeatmap;
  series: SnapshotSeries[];
  forecasts: SnapshotForecast[];
  signatures: SnapshotSignature[];
  /** Already redacted. */
  excerpt: SnapshotEvent[];
  omittedFromExcerpt: number;
}

/** Nothing may be fetched, framed or submitted: inline style and script only, images as data: URLs. */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

const MAX_CHARTS = 12;

/** The snapshot as one self-contained page that opens offline in any browser. */
export function renderReport(data: ReportData): string {
  const { summary } = data;
  const title = `Incident snapshot — ${summary.profile.name} / ${summary.profile.environment}`;
  const items = timelineItems(data.marks, data.audit, data.anomalies, data.notes);
  const errors = data.heatmap.errors.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  const redacted = Object.values(summary.redactions).reduce((a, b) => a + b, 0);
  const kpi = (value: string, label: string, id: string) =>
    `<div class="kpi" data-testid="${id}"><b>${escapeHtml(value)}</b><span>${escapeHtml(label)}</span></div>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(formatTime(summary.window.from))} → ${escapeHtml(formatTime(summary.window.to))} ·
${summary.hosts.length} host(s): ${escapeHtml(summary.hosts.join(', '))} · applications: ${escapeHtml(summary.profile.applications.join(', ') || 'all')} ·
exported ${escapeHtml(formatTime(summary.createdAt))} by Watchfloor ${escapeHtml(summary.appVersion)}</p>
<div class="kpis">
${kpi(formatDuration(data.timeline.mttdMs), 'MTTD (detected − start)', 'mttd')}
${kpi(formatDuration(data.timeline.mttrMs), 'MTTR (resolved − detected)', 'mttr')}
${kpi(formatDuration(data.timeline.mttmMs), 'time to mitigate', 'mttm')}
${kpi(summary.counts.lines.toLocaleString('en'), 'lines', 'lines')}
${kpi(errors.toLocaleString('en'), 'error lines', 'errors')}
${kpi(redacted.toLocaleString('en'), 'secrets redacted', 'redacted')}
</div>
${data.timeline.problems.map((p) => `<p class="empty">${escapeHtml(p)}</p>`).join('\n')}
<h2>Timeline</h2>
<section>${timelineSvg(summary.window, items)}${timelineTable(items)}</section>
<h2>Lines per host</h2>
<section>${heatmapSvg(data.heatmap)}</section>
<h2>Rates and forecasts</h2>
<section class="charts">${rateCharts(data)}</section>
<h2>Top error signatures</h2>
<section>${signaturesTable(data.signatures)}</section>
<h2>Notes</h2>
<section data-testid="notes">${notesList(data.notes)}</section>
<h2>Redactions</h2>
<section>${redactionsList(summary.redactions)}</section>
<h2>Lines</h2>
<section>
<div class="filters"><input id="excerpt-query" type="search" placeholder="Filter lines (host, app or text)" aria-label="Filter lines">
<select id="excerpt-level" aria-label="Minimum level"><option value="">all levels</option><option value="warn">warn and above</option><option value="error">error and above</option></select>
<span id="excerpt-count"></span></div>
<p class="meta">${data.omittedFromExcerpt > 0 ? `The first and last ${data.excerpt.length.toLocaleString('en')} lines of the window; ${data.omittedFromExcerpt.toLocaleString('en')} in between are in events.ndjson and open in Watchfloor.` : 'Every line of the window.'}</p>
<div class="lines-box"><table class="lines" data-testid="lines"><thead><tr><th>time (UTC)</th><th>host</th><th>level</th><th>message</th></tr></thead><tbody id="excerpt-rows"></tbody></table></div>
</section>
<script type="application/json" id="excerpt-data">${jsonForScript(
    data.excerpt.map((e) => ({
      ts: e.ts,
      host: e.host,
      app: e.app,
      level: e.level,
      message: e.message,
      marker: e.marker,
    })),
  )}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

function timelineTable(items: ReturnType<typeof timelineItems>): string {
  if (items.length === 0) return '<p class="empty">No marks, actions, anomalies or notes.</p>';
  const rows = items
    .map(
      (i) =>
        `<tr><td>${escapeHtml(formatTime(i.ts))}</td><td>${i.kind}</td><td>${escapeHtml(i.title)}</td><td>${escapeHtml(i.detail ?? '')}</td></tr>`,
    )
    .join('');
  return `<table data-testid="timeline-table"><thead><tr><th>time (UTC)</th><th>kind</th><th>what</th><th>detail</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The source's series with their forecasts; without any, the window's own line and error rates. */
function rateCharts(data: ReportData): string {
  let series = data.series;
  if (series.length === 0) {
    const total = (rows: number[][]) =>
      rows[0]?.map((_, b) => rows.reduce((sum, row) => sum + row[b], 0)) ?? [];
    const unit = `per ${Math.round(data.heatmap.bucketMs / 1000)} s`;
    series = [
      {
        name: 'lines',
        unit,
        start: data.heatmap.start,
        stepMs: data.heatmap.bucketMs,
        values: total(data.heatmap.lines),
      },
      {
        name: 'errors',
        unit,
        start: data.heatmap.start,
        stepMs: data.heatmap.bucketMs,
        values: total(data.heatmap.errors),
      },
    ];
  }
  const charts = series
    .slice(0, MAX_CHARTS)
    .map((s) =>
      rateChartSvg(
        s,
        data.forecasts.find((f) => f.series === s.name),
      ),
    )
    .join('');
  return charts || '<p class="empty">No series.</p>';
}

function signaturesTable(signatures: SnapshotSignature[]): string {
  if (signatures.length === 0) return '<p class="empty">No error lines.</p>';
  const rows = signatures
    .slice(0, 20)
    .map(
      (s) =>
        `<tr><td>${s.count.toLocaleString('en')}${s.spiking ? ' ▲' : ''}</td><td><code>${escapeHtml(s.template)}</code><br><small>${escapeHtml(s.example)}</small></td><td>${escapeHtml(formatTime(s.firstSeen))}<br>${escapeHtml(formatTime(s.lastSeen))}</td></tr>`,
    )
    .join('');
  return `<table data-testid="signatures"><thead><tr><th>count</th><th>signature</th><th>first / last seen</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function notesList(notes: IncidentNote[]): string {
  if (notes.length === 0) return '<p class="empty">No notes.</p>';
  return `<ul>${[...notes]
    .sort((a, b) => a.ts - b.ts)
    .map(
      (n) =>
        `<li><b>${escapeHtml(formatTime(n.ts))}</b> ${escapeHtml(n.text)}${n.line ? ` <small>(line on ${escapeHtml(n.line.host)}, ${escapeHtml(n.line.source)})</small>` : ''}</li>`,
    )
    .join('')}</ul>`;
}

function redactionsList(redactions: Record<string, number>): string {
  const entries = Object.entries(redactions);
  if (entries.length === 0) return '<p class="empty">No secret-looking text was found in the lines.</p>';
  return `<ul class="redactions">${entries.map(([rule, n]) => `<li>${escapeHtml(rule)}: ${n}</li>`).join('')}</ul>`;
}
