import type { AuditRecord } from '../../shared/action-types';
import { HOST_METRICS, type AnomalyReport, type ForecastView } from '../../shared/analytics-types';
import type { IncidentState } from '../../shared/incident';
import type { Profile } from '../../shared/profile-schema';
import type { HostMetricsSample } from '../../shared/types';
import type { LogWindow } from '../store/log-window';
import type {
  SnapshotAnomaly,
  SnapshotAuditEntry,
  SnapshotForecast,
  SnapshotSeries,
  SnapshotSignature,
  SnapshotSource,
  SnapshotWindow,
} from './snapshot-source';
import { linesInWindow, windowEvents } from './window-events';

/** What the engine holds of a session that goes into a snapshot. */
export interface EngineSnapshotInputs {
  logs: LogWindow;
  profile: Profile;
  environment: string;
  applications: string[];
  hosts: string[];
  window: SnapshotWindow;
  hostSamples: readonly HostMetricsSample[];
  forecasts: readonly ForecastView[];
  anomalies: AnomalyReport;
  audit: readonly AuditRecord[];
  incident: IncidentState;
}

/** Points per rate series: enough for a chart, few enough for a small file. */
const RATE_POINTS = 360;
const DEFAULT_SAMPLE_STEP_MS = 5000;

/** The host metrics kept, by sample field and series name. */
const SAMPLE_METRICS = [
  ['cpuPercent', HOST_METRICS.cpuPercent, '%'],
  ['load1', HOST_METRICS.load1, ''],
  ['memUsedPercent', HOST_METRICS.memUsedPercent, '%'],
] as const;

/** Series names: `<app>/<metric>` for applications, `<host>/<metric>` (with `host`) for hosts. */
export const seriesName = (owner: string, metric: string): string => `${owner}/${metric}`;

/**
 * A snapshot source over the engine's live window: events read page by page from the store (never copied
 * whole), and everything else of the window — rates, host metrics, forecasts, anomalies, actions, marks
 * and notes — given whole.
 */
export function engineSnapshotSource(inputs: EngineSnapshotInputs): SnapshotSource {
  const { window } = inputs;
  const within = (ts: number) => ts >= window.from && ts <= window.to;
  const signatures = inputs.anomalies.signatures
    .filter((s) => s.lastSeen >= window.from && s.firstSeen <= window.to)
    .map((s): SnapshotSignature => ({
      template: s.template,
      count: s.count,
      firstSeen: s.firstSeen,
      lastSeen: s.lastSeen,
      spiking: s.spiking,
      example: s.example,
    }));
  return {
    profile: inputs.profile,
    environment: inputs.environment,
    applications: inputs.applications,
    hosts: inputs.hosts,
    window,
    expectedEvents: linesInWindow(inputs.logs, window),
    events: () => windowEvents(inputs.logs, window),
    series: [
      ...rateSeries(inputs.logs, window),
      ...hostSeries(inputs.hostSamples.filter((s) => within(s.ts))),
    ],
    forecasts: inputs.forecasts.filter((f) => f.lastAt >= window.from).map(snapshotForecast),
    anomalies: inputs.anomalies.spikes.filter((s) => within(s.at)).map(snapshotAnomaly),
    // Mined from the window's own error lines when the live analytics saw none in it.
    signatures: signatures.length > 0 ? signatures : undefined,
    audit: inputs.audit.filter((r) => within(r.startedAt)).map(auditEntry),
    marks: inputs.incident.marks,
    notes: inputs.incident.notes,
  };
}

function rateSeries(logs: LogWindow, window: SnapshotWindow): SnapshotSeries[] {
  const stepSec = Math.max(1, Math.ceil((window.to - window.from) / 1000 / RATE_POINTS));
  const rates = logs.rates({ from: window.from, to: window.to, stepSec });
  return rates.apps.flatMap((a) => [
    {
      name: seriesName(a.app, 'lines_per_sec'),
      unit: 'lines/s',
      start: rates.from,
      stepMs: rates.stepMs,
      values: a.linesPerSec,
    },
    {
      name: seriesName(a.app, 'errors_per_sec'),
      unit: 'errors/s',
      start: rates.from,
      stepMs: rates.stepMs,
      values: a.errorsPerSec,
    },
  ]);
}

/** Each host's metric samples on a regular grid of the sampling interval; a missed sample repeats the one before. */
export function hostSeries(samples: readonly HostMetricsSample[]): SnapshotSeries[] {
  const byHost = new Map<string, HostMetricsSample[]>();
  for (const s of samples) byHost.set(s.host, [...(byHost.get(s.host) ?? []), s]);
  const series: SnapshotSeries[] = [];
  for (const [host, list] of [...byHost].sort(([a], [b]) => a.localeCompare(b))) {
    list.sort((a, b) => a.ts - b.ts);
    const stepMs = medianStep(list);
    for (const [field, metric, unit] of SAMPLE_METRICS) {
      const points = list.filter((s) => s[field] !== null).map((s) => ({ ts: s.ts, value: s[field]! }));
      if (points.length === 0) continue;
      series.push({ name: seriesName(host, metric), host, unit, ...onGrid(points, stepMs) });
    }
  }
  return series;
}

function medianStep(samples: readonly HostMetricsSample[]): number {
  const steps = samples
    .slice(1)
    .map((s, i) => s.ts - samples[i].ts)
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  return steps.length > 0 ? steps[steps.length >> 1] : DEFAULT_SAMPLE_STEP_MS;
}

function onGrid(
  points: { ts: number; value: number }[],
  stepMs: number,
): { start: number; stepMs: number; values: number[] } {
  const start = points[0].ts;
  const values: number[] = [];
  for (const p of points) {
    const i = Math.round((p.ts - start) / stepMs);
    while (values.length < i) values.push(values[values.length - 1] ?? p.value);
    values[i] = p.value;
  }
  return { start, stepMs, values };
}

function snapshotForecast(f: ForecastView): SnapshotForecast {
  return {
    series: seriesName(f.app, f.metric),
    model: f.model,
    level: f.level,
    start: f.start,
    stepMs: f.stepMs,
    forecast: f.forecast,
    lower: f.lower,
    upper: f.upper,
  };
}

function snapshotAnomaly(s: AnomalyReport['spikes'][number]): SnapshotAnomaly {
  return {
    ts: s.at,
    kind: 'error spike',
    summary: `${s.name}: ${s.value.toFixed(1)} errors/s against a usual ${s.baseline.toFixed(1)}`,
    ...(s.scope === 'host' ? { host: s.name } : { series: seriesName(s.name, 'errors_per_sec') }),
    score: s.score,
  };
}

function auditEntry(r: AuditRecord): SnapshotAuditEntry {
  const outcome = r.result ? `${r.result.ok ? 'done' : 'failed'}: ${r.result.message}` : 'did not finish';
  return {
    ts: r.startedAt,
    action: `${r.plugin} ${r.app}`,
    summary: r.summary,
    outcome,
    user: r.user,
  };
}
