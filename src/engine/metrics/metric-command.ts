import type { RemoteExec } from '../actions/action-plugin';
import { runRemote } from '../actions/remote-command';
import type { TimedSample } from '../analytics/series-builder';
import type { Disposable } from '../disposable';
import { posixCommand } from '../fleet/remote-shell';

const METRIC_LINE =
  /^([A-Za-z_][A-Za-z0-9_.:-]{0,127})\s+([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;

export interface ParsedMetrics {
  values: Map<string, number>;
  /** Lines that were not `name value`, for the diagnostic. */
  rejected: string[];
}

/** Reads a metric command's output: one `name value` per line; blank lines and `#` comments are skipped. */
export function parseMetricLines(output: string): ParsedMetrics {
  const values = new Map<string, number>();
  const rejected: string[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = METRIC_LINE.exec(line);
    if (m && Number.isFinite(Number(m[2]))) values.set(m[1], Number(m[2]));
    else rejected.push(line);
  }
  return { values, rejected };
}

/** The recent samples of one application's command metrics, bounded per metric and in metric count. */
export class MetricSamples {
  private readonly byName = new Map<string, TimedSample[]>();

  constructor(
    private readonly perMetric = 720,
    private readonly maxMetrics = 64,
  ) {}

  add(ts: number, values: ReadonlyMap<string, number>): void {
    for (const [name, value] of values) {
      let samples = this.byName.get(name);
      if (!samples) {
        if (this.byName.size >= this.maxMetrics) continue;
        this.byName.set(name, (samples = []));
      }
      samples.push({ ts, value });
      if (samples.length > this.perMetric) samples.splice(0, samples.length - this.perMetric);
    }
  }

  get series(): ReadonlyMap<string, readonly TimedSample[]> {
    return this.byName;
  }
}

export interface MetricCommandOptions {
  app: string;
  command: string;
  intervalSec: number;
  /** The application's hosts in profile order; the command runs on the first that is live. */
  hosts: readonly string[];
  isLive(host: string): boolean;
  exec: RemoteExec;
  now: () => number;
  onSamples(ts: number, values: ReadonlyMap<string, number>): void;
  onProblem(host: string, message: string): void;
}

/**
 * Runs an application's metric command every interval on its first live host, over that host's existing
 * connection. The command is the profile's text, passed whole as one quoted argument of `/bin/sh -c`, so
 * nothing is ever substituted into it. A run still going when the next is due is not doubled up.
 */
export class MetricCommandRunner implements Disposable {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private lastProblem = '';

  constructor(private readonly options: MetricCommandOptions) {
    this.timer = setInterval(() => void this.runOnce(), Math.max(1, options.intervalSec) * 1000);
    void this.runOnce();
  }

  async runOnce(): Promise<void> {
    if (this.running) return;
    const host = this.options.hosts.find((h) => this.options.isLive(h));
    if (!host) return;
    this.running = true;
    try {
      const timeoutMs = Math.max(1000, this.options.intervalSec * 1000);
      const result = await runRemote(this.options.exec, host, posixCommand(this.options.command), {
        timeoutMs,
      });
      if (result.timedOut) return this.problem(host, `did not finish within ${timeoutMs / 1000} s`);
      if (result.code !== 0) {
        const stderr = result.stderr.trim().split('\n').slice(-1)[0] ?? '';
        return this.problem(host, `exited ${result.code ?? result.signal}${stderr ? `: ${stderr}` : ''}`);
      }
      const { values, rejected } = parseMetricLines(result.stdout);
      if (values.size > 0) this.options.onSamples(this.options.now(), values);
      if (rejected.length > 0)
        return this.problem(
          host,
          `printed lines that are not "name value": ${rejected.slice(0, 3).join(' | ')}`,
        );
      this.lastProblem = '';
    } catch (err) {
      this.problem(host, (err as Error).message);
    } finally {
      this.running = false;
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reported once until it changes, not every interval. */
  private problem(host: string, what: string): void {
    const message = `metric command of ${this.options.app} ${what}; fix the "metrics.command" of the application in the profile`;
    if (message === this.lastProblem) return;
    this.lastProblem = message;
    this.options.onProblem(host, message);
  }
}
