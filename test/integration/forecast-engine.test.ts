import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Engine } from '../../src/engine/engine';
import type { SuggestionUpdate } from '../../src/shared/action-types';
import type { AnomalyEvent, ForecastUpdate } from '../../src/shared/analytics-types';
import { LogWriter } from '../harness/log-writer';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

const LINES_PER_SEC = 40;
const THRESHOLD = 30;

/**
 * Each host logs 40 requests/s with a duration and an HTTP status. Before the ramp one line in forty is
 * the application's usual error; once it starts, a payment error nobody has seen before takes a share
 * of the lines that grows by 1.5% a second, up to 90%.
 */
function requestLine(host: string, rampStartedAt: () => number | null) {
  return (seq: number, now: Date) => {
    const ramp = rampStartedAt();
    const share = ramp === null ? 0 : Math.min(0.9, ((now.getTime() - ramp) / 1000) * 0.015);
    const stamp = now.toISOString();
    if ((seq * 7919) % 1000 < share * 1000)
      return `${stamp} ERROR checkout[${host}] payment gateway returned status=503 for order ${seq}, took ${200 + (seq % 50)} ms`;
    if (seq % 40 === 0)
      return `${stamp} ERROR checkout[${host}] database timeout on replica db-${seq % 3} status=500 duration=${900 + (seq % 7)}ms`;
    return `${stamp} INFO checkout[${host}] request handled status=200 duration=${20 + (seq % 10)}ms seq=${seq}`;
  };
}

describe.runIf(harness.ok)(
  'forecast loop over real sshd: a rising error rate gives a forecast, anomalies and a scale suggestion',
  () => {
    let fleet: SshFleet;
    let dir: string;
    let engine: Engine;
    const writers: LogWriter[] = [];
    let rampStartedAt: number | null = null;
    const forecasts: ForecastUpdate[] = [];
    const anomalies: AnomalyEvent[] = [];
    const suggestions: SuggestionUpdate[] = [];

    beforeAll(async () => {
      fleet = await startSshFleet({ hosts: 2 });
      dir = mkdtempSync(path.join(tmpdir(), 'wf-forecast-'));
      const profilesDir = path.join(dir, 'profiles');
      mkdirSync(profilesDir);
      const replicasFile = path.join(dir, 'replicas');
      writeFileSync(replicasFile, '1\n');
      for (const host of fleet.hosts) writeFileSync(path.join(host.logDir, 'app.log'), '');
      writeFileSync(
        path.join(profilesDir, 'shop.yaml'),
        stringify({
          name: 'shop',
          environments: [
            {
              name: 'test',
              hosts: fleet.hosts.map((h) => ({ name: h.name, address: h.name })),
              applications: [
                {
                  name: 'checkout',
                  hosts: fleet.hosts.map((h) => h.name),
                  logs: [{ path: path.join(fleet.viewDir, 'app.log') }],
                  metrics: { command: 'printf "queue_depth %d\\n" 5; echo "workers 3"', intervalSec: 1 },
                  scaling: {
                    metric: 'errors_per_sec',
                    threshold: THRESHOLD,
                    min: 1,
                    max: 3,
                    cooldownSec: 0,
                    lookaheadSec: 60,
                    action: {
                      plugin: 'exec',
                      params: { argv: ['/bin/true'], readArgv: ['/bin/cat', replicasFile] },
                    },
                  },
                },
              ],
            },
          ],
        }),
      );
      engine = new Engine({
        profilesDir,
        home: fleet.home,
        agentSocket: fleet.agentSocket,
        secrets: { get: async () => null },
        actionsDir: path.join(dir, 'actions'),
        metricsIntervalSec: 1,
        analytics: {
          intervalMs: 1000,
          stepMs: 1000,
          settleMs: 1500,
          forecast: { historySteps: 120, horizonSteps: 30, minPoints: 12 },
          anomalies: { signatures: { warmupMs: 5000, recentMs: 20_000 } },
        },
      });
      engine.events.on('forecast', (f) => forecasts.push(f));
      engine.events.on('anomaly', (a) => anomalies.push(a));
      engine.events.on('suggestion', (s) => suggestions.push(s));
      await engine.connect({ profileFile: 'shop.yaml', environment: 'test' });
      await waitFor(async () => (await engine.getSession())?.hosts.every((h) => h.state === 'live'), {
        what: 'both hosts live',
      });
      for (const host of fleet.hosts) {
        writers.push(
          new LogWriter(path.join(host.logDir, 'app.log'), {
            rate: LINES_PER_SEC,
            line: requestLine(host.name, () => rampStartedAt),
          }).start(),
        );
      }
    });

    afterAll(async () => {
      for (const w of writers) await w.stop();
      engine?.dispose();
      await fleet?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('forecasts the calm, then sees the ramp: crossing sentence, spike, new signature, suggestion', async () => {
      // The calm: enough complete buckets for a forecast of lines/s, with no crossing in sight.
      const calm = await waitFor(
        () =>
          forecasts.findLast(
            (f) => f.app === 'checkout' && f.forecasts.some((v) => v.metric === 'errors_per_sec'),
          ),
        { timeoutMs: 40_000, what: 'a forecast of the calm' },
      );
      expect(calm.forecasts.map((f) => f.metric).sort()).toEqual(['errors_per_sec', 'lines_per_sec']);
      const calmLines = calm.forecasts.find((f) => f.metric === 'lines_per_sec')!;
      expect(calmLines.last).toBeGreaterThan(LINES_PER_SEC);
      expect(calmLines.stepMs).toBe(1000);
      // The usual error has been mined, and the signature warm-up (5 s) has passed since.
      await waitFor(
        async () => {
          const usual = (await engine.getAnomalies()).signatures.find((s) =>
            s.template.startsWith('database timeout'),
          );
          return usual && Date.now() - usual.firstSeen > 6000;
        },
        { timeoutMs: 30_000, what: 'the usual errors mined and the warm-up over' },
      );
      const onset = Date.now();
      rampStartedAt = onset;

      const crossing = await waitFor(
        () =>
          forecasts
            .flatMap((f) => f.forecasts)
            .find(
              (v) =>
                v.metric === 'errors_per_sec' &&
                v.madeAt > onset &&
                v.crossing !== undefined &&
                !v.crossing.alreadyCrossed &&
                v.crossing.expectedMs !== null,
            ),
        { timeoutMs: 40_000, what: 'a forecast of errors/s crossing the threshold' },
      );
      expect(crossing.crossing!.text).toMatch(
        new RegExp(`^errors_per_sec cross ${THRESHOLD} in about \\d+ s, 80% interval`),
      );
      const spike = await waitFor(
        () =>
          anomalies.find((a) => a.kind === 'spike' && a.spike.scope === 'app' && a.spike.at >= onset - 1000),
        { timeoutMs: 30_000, what: 'an error-rate spike of checkout' },
      );
      const fresh = await waitFor(
        () =>
          anomalies.find(
            (a) => a.kind === 'newSignature' && a.signature.template.startsWith('payment gateway returned'),
          ),
        { timeoutMs: 30_000, what: 'the payment error as a new signature' },
      );
      const suggestion = await waitFor(
        () => suggestions.find((s) => s.app === 'checkout' && s.suggestion?.direction === 'up')?.suggestion,
        { timeoutMs: 40_000, what: 'a scale-up suggestion' },
      );
      expect(suggestion).toMatchObject({ app: 'checkout', from: 1, to: 2 });
      expect(suggestion.reason).toMatch(/errors_per_sec (cross|is already)/);

      const report = await engine.getAnomalies();
      expect(report.spikes.some((s) => s.scope === 'host')).toBe(true);
      const payment = report.signatures.find((s) => s.template.startsWith('payment gateway returned'))!;
      expect(payment).toMatchObject({ app: 'checkout', isNew: true });
      expect(payment.count).toBeGreaterThan(10);
      const usual = report.signatures.find((s) => s.template.startsWith('database timeout'))!;
      expect(usual.isNew).toBe(false);

      const series = await engine.getAppSeries({
        app: 'checkout',
        from: onset - 20_000,
        to: Date.now() - 2000,
      });
      const last = <T>(xs: (T | null)[]) => xs.filter((x) => x !== null).at(-1) as T;
      expect(last(series.metrics.http_5xx_ratio)).toBeGreaterThan(0.1);
      expect(last(series.metrics.latency_p50_ms)).toBeGreaterThan(15);
      expect(last(series.metrics.latency_p99_ms)).toBeGreaterThan(150);
      expect(last(series.metrics.queue_depth)).toBe(5);
      expect(last(series.metrics.workers)).toBe(3);
      expect(series.metrics.load1.some((v) => v !== null)).toBe(true);
      expect(await engine.getForecasts({ app: 'checkout' })).toHaveLength(2);

      const pass = engine.liveAnalytics!.lastPass!;
      console.log(
        `[forecast-engine] onset → crossing forecast ${crossing.madeAt - onset} ms, → spike event ${spike.kind === 'spike' ? spike.spike.detectedAt - onset : NaN} ms, ` +
          `→ new signature ${fresh.kind === 'newSignature' ? fresh.signature.firstSeen - onset : NaN} ms (first line), → suggestion ${suggestion.createdAt - onset} ms; ` +
          `pass: ${pass.series} series in ${pass.forecastMs.toFixed(1)} ms (longest slice ${pass.longestSliceMs.toFixed(1)} ms), anomalies ${pass.anomalyMs.toFixed(1)} ms`,
      );
    });
  },
);
