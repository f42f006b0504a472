import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay, performance as perf } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { stringify } from 'yaml';
import { noSecrets } from '../credentials/secret-source';
import { Engine } from '../engine';
import type { LogStore } from '../store/log-store';
import { isMarker } from '../store/row-flags';
import { BenchLines } from './bench-lines';
import {
  cpuBudget,
  cpuPerLine,
  readCpu,
  type CpuBudget,
  type CpuPerLine,
  type CpuReading,
} from './cpu-budget';
import { lnavLinesPerSec, minisearchDefaultLinesPerSec, opensshCatLinesPerSec } from './baselines';
import { RateWriter } from './rate-writer';
import { sshdFleetProblem, startSshdFleet, type BenchFleet } from './sshd-fleet';

export interface BenchOptions {
  hosts: number;
  /** Seconds of live writing for the latency figures. */
  durationSec: number;
  /** Lines written to the hosts' logs at once, once every host is connected (the catch-up burst). */
  burstLines: number;
  /** Lines kept in the window: memory and search are measured at this many lines. */
  windowLines: number;
  /** Lines per second written during the latency phase, over all hosts. */
  liveRate: number;
  /** The index and parse workers' scripts, as the app runs them (see EngineOptions). */
  indexWorkerPath?: string;
  parseWorkerPath?: string;
  progress: (text: string) => void;
}

export const BENCH_DEFAULTS = {
  hosts: 100,
  durationSec: 10,
  burstLines: 2_000_000,
  windowLines: 1_000_000,
  liveRate: 50_000,
};

export interface BenchResult {
  hosts: number;
  hostsLive: number;
  connectSec: number;
  burstLines: number;
  burstBytes: number;
  /**
   * Lines/s through the whole path, from the moment every host's log holds its burst to the last line
   * visible in merged order; lines read while the logs were being written are not counted.
   */
  ingestLinesPerSec: number;
  receivedLinesPerSec: number;
  receivedMBPerSec: number;
  parsedLinesPerSec: number;
  visibleLinesPerSec: number;
  lateLines: number;
  /**
   * Where the window's time goes back after the burst (a line placed after one with a later time): how
   * many places, and the largest step back in seconds.
   */
  orderBreaks: { count: number; largestSec: number };
  /** Lines visible before the clock started: read while the hosts' logs were being written. */
  linesBeforeClock: number;
  /** Longest wait of the engine's event loop during the burst (a timer due was that late), in ms. */
  burstMaxStallMs: number;
  /** Busy time of the engine's thread from the burst's start until every line was indexed, per line, in µs. */
  engineMicrosPerLine: number;
  /** Where the machine's CPU went from the clock's start until the burst was visible; null without Linux's /proc. */
  burstCpu: CpuPerLine | null;
  indexedLinesPerSec: number;
  maxIndexLagSec: number;
  /** Seconds from the end of the burst until the index lag was under 2 s. */
  indexLagUnder2sAfterSec: number;
  windowLines: number;
  heapMB: number;
  externalMB: number;
  rssMB: number;
  bytesPerLine: number;
  storeBytesPerLine: number;
  searchP95Ms: Record<string, number>;
  searchTotals: Record<string, number>;
  liveRate: number;
  liveLinesWritten: number;
  liveLinesSeen: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  baselines: {
    opensshLinesPerSec: number;
    minisearchDefaultLinesPerSec: number;
    minisearchSampleLines: number;
    lnavLinesPerSec: number;
    lnavFileLines: number;
  };
}

/** A full garbage collection, so memory figures count what is held rather than what awaits collection. */
function gc(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const problem = sshdFleetProblem();
  if (problem) throw new Error(`cannot run the benchmark: ${problem}`);
  const say = options.progress;
  say(`starting ${options.hosts} sshd hosts`);
  const fleet = await startSshdFleet(options.hosts);
  try {
    const perHost = Math.ceil(options.burstLines / options.hosts);
    say(`writing ${perHost * options.hosts} lines to catch up on (${perHost} per host)`);
    const burst = prepareBurst(fleet, perHost);
    const engineFigures = await measureEngine(fleet, burst, options);
    say('baselines: OpenSSH cat, MiniSearch defaults, lnav');
    const baselines = await measureBaselines(fleet, burst);
    return { ...engineFigures, baselines };
  } finally {
    await fleet.stop();
  }
}

interface Burst {
  lines: number;
  bytes: number;
  /** Per host: the prepared file, and the live log it is appended to. */
  files: { host: string; staged: string; log: string; lines: number }[];
}

function prepareBurst(fleet: BenchFleet, perHost: number): Burst {
  const now = Date.now();
  let bytes = 0;
  const files = fleet.hosts.map((host, i) => {
    const staged = path.join(host.logDir, 'catchup.log');
    const text = new BenchLines(host.name, i + 1).block(perHost, now - 3_600_000, now - 60_000);
    writeFileSync(staged, text, { mode: 0o644 });
    bytes += Buffer.byteLength(text);
    const log = path.join(host.logDir, 'app.log');
    writeFileSync(log, '', { mode: 0o644 });
    return { host: host.name, staged, log, lines: perHost };
  });
  return { lines: perHost * fleet.hosts.length, bytes, files };
}

type EngineFigures = Omit<BenchResult, 'baselines'>;

async function measureEngine(fleet: BenchFleet, burst: Burst, options: BenchOptions): Promise<EngineFigures> {
  const say = options.progress;
  const profilesDir = path.join(fleet.root, 'profiles');
  mkdirSync(profilesDir, { recursive: true });
  writeFileSync(
    path.join(profilesDir, 'bench.yaml'),
    stringify({
      name: 'bench',
      environments: [
        {
          name: 'bench',
          hosts: fleet.hosts.map((h) => ({ name: h.name, address: h.name })),
          applications: [
            {
              name: 'shop',
              hosts: fleet.hosts.map((h) => h.name),
              logs: [{ path: path.join(fleet.viewDir, 'app.log'), format: 'auto' }],
            },
          ],
        },
      ],
    }),
  );
  gc();
  const before = process.memoryUsage();
  const engine = new Engine({
    profilesDir,
    home: fleet.home,
    secrets: noSecrets,
    hostKeyPrompt: async () => false,
    maxLines: options.windowLines,
    backlogBytes: 0,
    metricsIntervalSec: 0,
    indexWorkerPath: options.indexWorkerPath,
    parseWorkerPath: options.parseWorkerPath,
  });
  try {
    say('connecting');
    const connectStart = performance.now();
    await engine.connect({ profileFile: 'bench.yaml', environment: 'bench' });
    await until(async () => {
      const states = (await engine.getSession())?.hosts ?? [];
      return states.every((h) => h.state === 'live' || h.state === 'failed');
    }, 120_000);
    // Every follower has opened its file (and sent its start offset): nothing appended later can be missed.
    await until(async () => (await engine.getSourceStats()).every((s) => s.offset !== null), 60_000);
    const connectSec = (performance.now() - connectStart) / 1000;
    const hostsLive = ((await engine.getSession())?.hosts ?? []).filter((h) => h.state === 'live').length;
    if (hostsLive === 0) throw new Error('no host could be reached');
    const { store, indexer } = engine.window;

    say(`burst: appending ${burst.lines} lines to ${burst.files.length} logs at once`);
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    const t0 = performance.now();
    stalls.enable();
    const busyBefore = perf.eventLoopUtilization();
    // The clock starts once every host's log holds its burst (writing them takes a second or two here).
    // The engine reads meanwhile: what it received and placed by then is subtracted.
    let cpuAtClock: CpuReading | null = null;
    let cpuVisible: CpuBudget | null = null;
    let busyMs = NaN;
    await appendAll(burst);
    const received = async () => (await engine.getSourceStats()).reduce((sum, s) => sum + s.bytesReceived, 0);
    let clockStart = NaN;
    const atClock = { bytes: 0, visible: 0, indexed: 0 };
    let receivedAll = NaN;
    let parsedAll = NaN;
    let visibleAll = NaN;
    let indexedAll = NaN;
    let under2s = NaN;
    let maxLagMs = 0;
    const expected = (burst.lines * hostsLive) / burst.files.length;
    let reported = t0;
    await until(
      async () => {
        const t = performance.now();
        const bytes = await received();
        if (t - reported >= 1000) {
          reported = t;
          say(
            `  ${((t - t0) / 1000).toFixed(1)} s: ${(bytes / 1e6).toFixed(0)} MB received, ${store.appended} visible, ${store.waiting} waiting, index lag ${indexer.lagRows} lines`,
          );
        }
        if (Number.isNaN(clockStart) && bytes > 0) {
          clockStart = t;
          cpuAtClock = readCpu();
          Object.assign(atClock, {
            bytes,
            visible: store.appended,
            indexed: indexer.indexedRows,
          });
        }
        if (Number.isNaN(receivedAll) && bytes >= (burst.bytes * hostsLive) / burst.files.length)
          receivedAll = t;
        if (Number.isNaN(parsedAll) && store.appended + store.waiting >= expected) parsedAll = t;
        if (Number.isNaN(visibleAll) && store.appended >= expected) {
          visibleAll = t;
          const cpuAfter = readCpu();
          if (cpuAtClock && cpuAfter) cpuVisible = cpuBudget(cpuAtClock, cpuAfter, t - clockStart);
          stalls.disable();
        }
        const lag = indexer.lagMs();
        maxLagMs = Math.max(maxLagMs, lag);
        if (!Number.isNaN(visibleAll) && Number.isNaN(under2s) && lag < 2000) under2s = t;
        if (!Number.isNaN(visibleAll) && indexer.lagRows === 0) {
          indexedAll = t;
          busyMs = perf.eventLoopUtilization(busyBefore).active;
        }
        return !Number.isNaN(indexedAll);
      },
      120_000,
      20,
    );
    const indexedRows = indexer.indexedRows - atClock.indexed;
    const burstBytes = (burst.bytes * hostsLive) / burst.files.length;
    const visibleInClock = expected - atClock.visible;
    const sec = (t: number) => Math.max(1e-6, (t - clockStart) / 1000);
    say(
      `burst visible after ${((visibleAll - t0) / 1000).toFixed(2)} s, indexed after ${((indexedAll - t0) / 1000).toFixed(2)} s`,
    );

    const orderBreaks = timeOrderBreaks(store);
    gc();
    gc();
    const after = process.memoryUsage();
    const held = after.heapUsed + after.external - before.heapUsed - before.external;

    say('searching');
    const search = await measureSearch(engine, options.hosts);

    say(`live: ${options.liveRate} lines/s for ${options.durationSec} s`);
    const latencies: number[] = [];
    let recording = false;
    store.onCommit(({ placed, timestamps, flags }) => {
      if (!recording) return;
      const now = Date.now();
      for (let i = 0; i < placed; i++) if (!isMarker(flags[i])) latencies.push(now - timestamps[i]);
    });
    const writer = new RateWriter(
      burst.files.map((f) => ({ host: f.host, file: f.log })),
      options.liveRate,
    );
    recording = true;
    writer.start();
    await new Promise((resolve) => setTimeout(resolve, options.durationSec * 1000));
    writer.stop();
    const written = writer.written;
    await until(async () => latencies.length >= written, 5000).catch(() => undefined);
    recording = false;
    latencies.sort((a, b) => a - b);

    return {
      hosts: options.hosts,
      hostsLive,
      connectSec,
      burstLines: burst.lines,
      burstBytes: burst.bytes,
      ingestLinesPerSec: visibleInClock / sec(visibleAll),
      receivedLinesPerSec: (expected * (1 - atClock.bytes / burstBytes)) / sec(receivedAll),
      receivedMBPerSec: (burstBytes - atClock.bytes) / 1e6 / sec(receivedAll),
      // Counted from the same lines as visible: the last lines are parsed when they become visible.
      parsedLinesPerSec: visibleInClock / sec(parsedAll),
      visibleLinesPerSec: visibleInClock / sec(visibleAll),
      lateLines: store.late,
      orderBreaks,
      linesBeforeClock: atClock.visible,
      burstMaxStallMs: stalls.max / 1e6,
      engineMicrosPerLine: (busyMs * 1000) / expected,
      burstCpu: cpuVisible && cpuPerLine(cpuVisible, visibleInClock),
      indexedLinesPerSec: indexedRows / sec(indexedAll),
      maxIndexLagSec: maxLagMs / 1000,
      indexLagUnder2sAfterSec: Math.max(0, (under2s - visibleAll) / 1000),
      windowLines: store.size,
      heapMB: after.heapUsed / 1e6,
      externalMB: after.external / 1e6,
      rssMB: after.rss / 1e6,
      bytesPerLine: held / store.size,
      storeBytesPerLine: store.memoryBytes() / store.size,
      searchP95Ms: search.p95,
      searchTotals: search.totals,
      liveRate: options.liveRate,
      liveLinesWritten: written,
      liveLinesSeen: latencies.length,
      latencyP50Ms: quantile(latencies, 0.5),
      latencyP99Ms: quantile(latencies, 0.99),
      latencyMaxMs: latencies[latencies.length - 1] ?? NaN,
    };
  } finally {
    engine.dispose();
  }
}

/** Appends every host's prepared lines to its log, off this thread (one `cat` per file). */
function appendAll(burst: Burst): Promise<void> {
  const script = burst.files.map((_, i) => `cat "\${${2 * i + 1}}" >> "\${${2 * i + 2}}"`).join('\n');
  const args = burst.files.flatMap((f) => [f.staged, f.log]);
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', script, 'sh', ...args], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`appending the burst failed (${code})`)),
    );
  });
}

const SEARCH_RUNS = 20;

async function measureSearch(
  engine: Engine,
  hosts: number,
): Promise<{ p95: Record<string, number>; totals: Record<string, number> }> {
  const { store } = engine.window;
  const pick = (i: number) => store.row(Math.floor((((i * 7919) % 1000) / 1000) * store.size));
  const ids: string[] = [];
  for (let i = 0; ids.length < SEARCH_RUNS && i < 10_000; i++) {
    const id = /req_id=([0-9a-f-]+)/.exec(pick(i).message)?.[1];
    if (id) ids.push(id);
  }
  const first = store.row(0).ts;
  const last = store.row(store.size - 1).ts;
  const terms = ['timeout', 'refused', 'declined', 'shipped', 'heartbeat', 'invoices', 'logged', 'exception'];
  const kinds: Record<string, (i: number) => string> = {
    term: (i) => terms[i % terms.length],
    twoTerms: (i) => ['upstream timeout', 'payment declined', 'slow query', 'order shipped'][i % 4],
    prefix: (i) => ['time*', 'refus*', 'ship*', 'decl*'][i % 4],
    phrase: (i) => ['"connection refused by db"', '"cache miss ratio"', '"logged in from"'][i % 3],
    hostLevel: (i) => `host:web-${1 + ((i * 37) % hosts)} level:>=warn`,
    substringId: (i) => ids[i % ids.length],
    regex: (i) => ['/took=\\d{4}ms/', '/status=5\\d\\d/', '/user=ka\\w+ /', '/db-[0-3]:5432/'][i % 4],
    timeRange: (i) => {
      const from = first + ((last - first) * (i % 10)) / 10;
      return `since:${Math.floor(from)} until:${Math.floor(from + (last - first) / 10)} level:error`;
    },
  };
  const p95: Record<string, number> = {};
  const totals: Record<string, number> = {};
  for (const [kind, query] of Object.entries(kinds)) {
    const took: number[] = [];
    let total = 0;
    for (let i = 0; i < SEARCH_RUNS; i++) {
      const started = performance.now();
      const result = await engine.search({ query: query(i), limit: 200, newestFirst: true });
      took.push(performance.now() - started);
      if (result.error) throw new Error(`bench query ${query(i)} failed: ${result.error.message}`);
      total += result.total;
    }
    took.sort((a, b) => a - b);
    p95[kind] = quantile(took, 0.95);
    totals[kind] = Math.round(total / SEARCH_RUNS);
  }
  return { p95, totals };
}

/** Places in the window where a line follows one with a later time, and the largest such step back. */
function timeOrderBreaks(store: LogStore): BenchResult['orderBreaks'] {
  let previous = -Infinity;
  let count = 0;
  let largest = 0;
  for (const segment of store.segments) {
    for (let r = Math.max(0, store.evicted - segment.firstRow); r < segment.count; r++) {
      const ts = segment.ts[r];
      if (ts < previous) {
        count++;
        largest = Math.max(largest, previous - ts);
      }
      previous = ts;
    }
  }
  return { count, largestSec: largest / 1000 };
}

async function measureBaselines(fleet: BenchFleet, burst: Burst): Promise<BenchResult['baselines']> {
  const knownHosts = path.join(fleet.home, '.ssh', 'known_hosts');
  const opensshLinesPerSec = await opensshCatLinesPerSec(
    burst.files.map((f) => ({ host: f.host, file: path.join(fleet.viewDir, 'catchup.log'), lines: f.lines })),
    fleet.sshConfig,
    knownHosts,
    8,
  );
  // MiniSearch with defaults is slow: a sample of the same lines is enough for its rate.
  const sample = readFileSync(burst.files[0].staged, 'utf8').split('\n').slice(0, 100_000).filter(Boolean);
  const minisearchDefault = minisearchDefaultLinesPerSec(sample, burst.files[0].host);
  // lnav reads one local file of about a million of the same lines.
  const lnavFile = path.join(fleet.root, 'lnav-input.log');
  const parts: Buffer[] = [];
  let lnavLines = 0;
  for (const f of burst.files) {
    if (lnavLines >= 1_000_000) break;
    parts.push(readFileSync(f.staged));
    lnavLines += f.lines;
  }
  writeFileSync(lnavFile, Buffer.concat(parts));
  parts.length = 0;
  const lnav = await lnavLinesPerSec(lnavFile, lnavLines, fleet.root);
  return {
    opensshLinesPerSec,
    minisearchDefaultLinesPerSec: minisearchDefault,
    minisearchSampleLines: sample.length,
    lnavLinesPerSec: lnav.linesPerSec,
    lnavFileLines: lnav.counted,
  };
}

async function until(
  condition: () => Promise<boolean> | boolean,
  timeoutMs: number,
  intervalMs = 50,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline)
      throw new Error(`benchmark step did not finish within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
