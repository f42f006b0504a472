import type { SessionInfo } from '../../shared/api';
import type { AuditRecord } from '../../shared/action-types';
import { HOST_METRICS, type AnomalyReport, type ForecastView } from '../../shared/analytics-types';
import type { HostMetricsSample } from '../../shared/types';
import type { ReviewData } from './review-loader';

// A reviewed snapshot seen through the same requests as a live session, so the same views work on it.

/** The recording as a session: every host it names, none connected. */
export function reviewSession(data: ReviewData, openedAt: number): SessionInfo {
  const { summary, profile } = data;
  const environment = profile.environments.find((e) => e.name === summary.environment);
  return {
    profileFile: summary.name,
    profileName: summary.profileName,
    environment: summary.environment,
    applications: summary.applications,
    hosts: summary.hosts.map((host) => ({ host, state: 'standby', reason: 'recorded in the snapshot' })),
    startedAt: openedAt,
    applicationHosts: Object.fromEntries((environment?.applications ?? []).map((a) => [a.name, a.hosts])),
    review: summary,
  };
}

const METRIC_FIELDS: Record<string, 'cpuPercent' | 'load1' | 'memUsedPercent'> = {
  [HOST_METRICS.cpuPercent]: 'cpuPercent',
  [HOST_METRICS.load1]: 'load1',
  [HOST_METRICS.memUsedPercent]: 'memUsedPercent',
};

/** The host metric series back as samples, oldest first. */
export function reviewHostSamples(data: ReviewData, host?: string): HostMetricsSample[] {
  const byKey = new Map<string, HostMetricsSample>();
  for (const s of data.series) {
    if (!s.host || (host !== undefined && s.host !== host)) continue;
    const field = METRIC_FIELDS[s.name.slice(s.host.length + 1)];
    if (!field) continue;
    s.values.forEach((value, i) => {
      const ts = s.start + i * s.stepMs;
      const key = `${s.host}\u0000${ts}`;
      let sample = byKey.get(key);
      if (!sample) {
        sample = {
          host: s.host!,
          ts,
          load1: null,
          load5: null,
          load15: null,
          cpuPercent: null,
          memUsedPercent: null,
        };
        byKey.set(key, sample);
      }
      sample[field] = value;
    });
  }
  return [...byKey.values()].sort((a, b) => a.ts - b.ts || a.host.localeCompare(b.host));
}

/** Forecasts as they were when recorded (the backtest and crossing are not kept in snapshots). */
export function reviewForecasts(data: ReviewData, app?: string): ForecastView[] {
  return data.forecasts
    .map((f) => {
      const cut = f.series.indexOf('/');
      const series = data.series.find((s) => s.name === f.series);
      const last = series?.values[series.values.length - 1] ?? f.forecast[0] ?? 0;
      return {
        app: f.series.slice(0, cut),
        metric: f.series.slice(cut + 1),
        model: f.model,
        season: null,
        level: f.level,
        stepMs: f.stepMs,
        start: f.start,
        last,
        lastAt: f.start - f.stepMs,
        points: series?.values.length ?? 0,
        forecast: f.forecast,
        lower: f.lower,
        upper: f.upper,
        backtest: { mase: Number.NaN, smape: Number.NaN },
        madeAt: data.summary.createdAt,
      };
    })
    .filter((f) => app === undefined || f.app === app);
}

export function reviewAnomalies(data: ReviewData): AnomalyReport {
  const app = data.summary.applications[0] ?? '';
  return {
    spikes: data.anomalies.map((a, i) => ({
      id: `recorded-${i}`,
      scope: a.host ? 'host' : 'app',
      name: a.host ?? a.series?.split('/')[0] ?? app,
      at: a.ts,
      stepMs: 0,
      value: Number.NaN,
      baseline: Number.NaN,
      score: a.score ?? Number.NaN,
      detectedAt: a.ts,
    })),
    signatures: data.signatures.map((s, i) => ({
      id: `recorded-${i}`,
      app,
      template: s.template,
      count: s.count,
      firstSeen: s.firstSeen,
      lastSeen: s.lastSeen,
      isNew: false,
      spiking: s.spiking,
      recentCount: 0,
      example: s.example,
    })),
    droppedLines: 0,
  };
}

/** The actions of the window as the audit log shows them, newest first. */
export function reviewAudit(data: ReviewData): AuditRecord[] {
  return data.audit
    .map((a, i) => {
      const [plugin, ...rest] = a.action.split(' ');
      const failed = a.outcome?.startsWith('failed') ?? false;
      return {
        id: `recorded-${i}`,
        user: a.user ?? '',
        startedAt: a.ts,
        app: rest.join(' '),
        plugin,
        idempotencyKey: `recorded-${i}`,
        summary: a.summary,
        preview: [],
        params: {},
        from: null,
        to: 0,
        result: a.outcome ? { ok: !failed, message: a.outcome, verified: null, verification: '' } : null,
        durationMs: null,
      };
    })
    .sort((a, b) => b.startedAt - a.startedAt);
}
