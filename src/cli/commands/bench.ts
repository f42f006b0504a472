import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_DEFAULTS, runBench, type BenchResult } from '../../engine/bench/bench-run';
import type { CliCommand } from '../command';

export const benchCommand: CliCommand = {
  name: 'bench',
  summary:
    'Measure ingest, index, search, latency and memory against real sshd hosts, beside OpenSSH, MiniSearch and lnav.',
  usage:
    'watchfloor bench [--json] [--hosts N] [--duration SECONDS] [--lines BURST_LINES] [--window LINES] [--rate LINES_PER_SEC]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        hosts: { type: 'string' },
        duration: { type: 'string' },
        lines: { type: 'string' },
        window: { type: 'string' },
        rate: { type: 'string' },
      },
    });
    const number = (value: string | undefined, fallback: number, name: string) => {
      if (value === undefined) return fallback;
      const n = Number(value);
      if (!(n > 0)) throw new Error(`--${name} must be a positive number, not "${value}"`);
      return n;
    };
    const result = await runBench({
      hosts: Math.floor(number(values.hosts, BENCH_DEFAULTS.hosts, 'hosts')),
      durationSec: number(values.duration, BENCH_DEFAULTS.durationSec, 'duration'),
      burstLines: Math.floor(number(values.lines, BENCH_DEFAULTS.burstLines, 'lines')),
      windowLines: Math.floor(number(values.window, BENCH_DEFAULTS.windowLines, 'window')),
      liveRate: number(values.rate, BENCH_DEFAULTS.liveRate, 'rate'),
      indexWorkerPath: path.join(__dirname, 'index-worker.js'),
      parseWorkerPath: path.join(__dirname, 'parse-worker.js'),
      progress: (text) => io.stderr.write(`bench: ${text}\n`),
    });
    io.stdout.write(values.json ? `${JSON.stringify(result)}\n` : report(result));
    return 0;
  },
};

const n = (x: number, digits = 0) =>
  Number.isFinite(x)
    ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';

function report(r: BenchResult): string {
  const target = (ok: boolean, text: string) => `${ok ? 'met   ' : 'MISSED'} ${text}`;
  const searchRows = Object.entries(r.searchP95Ms).map(
    ([kind, ms]) =>
      `  ${kind.padEnd(12)} p95 ${n(ms, 1).padStart(8)} ms   (${n(r.searchTotals[kind])} matches)`,
  );
  const termKinds = ['term', 'twoTerms', 'prefix', 'hostLevel', 'timeRange'];
  const scanKinds = ['substringId', 'regex', 'phrase'];
  const worst = (kinds: string[]) => Math.max(...kinds.map((k) => r.searchP95Ms[k] ?? 0));
  return [
    `Watchfloor benchmark — ${r.hosts} sshd hosts (${r.hostsLive} live), connected in ${n(r.connectSec, 2)} s`,
    '',
    `Burst of ${n(r.burstLines)} lines (${n(r.burstBytes / 1e6)} MB) appended to the hosts' logs; rates from the moment`,
    `every log holds its part (${n(r.linesBeforeClock)} lines read while they were written are not counted):`,
    `  received     ${n(r.receivedLinesPerSec).padStart(12)} lines/s  (${n(r.receivedMBPerSec, 1)} MB/s over SSH)`,
    `  parsed       ${n(r.parsedLinesPerSec).padStart(12)} lines/s`,
    `  visible      ${n(r.visibleLinesPerSec).padStart(12)} lines/s in merged order (${n(r.lateLines)} late lines merged in)`,
    `  time order   ${n(r.orderBreaks.count).padStart(12)} places in the window where it goes back (by up to ${n(r.orderBreaks.largestSec)} s)`,
    `  longest stall ${r.burstMaxStallMs.toFixed(0).padStart(8)} ms of the engine's event loop during the burst`,
    `  engine thread ${r.engineMicrosPerLine.toFixed(2).padStart(8)} µs busy per line, from the burst until it was indexed`,
    ...cpuLines(r),
    `  indexed      ${n(r.indexedLinesPerSec).padStart(12)} lines/s; largest index lag ${n(r.maxIndexLagSec, 2)} s, under 2 s ${n(r.indexLagUnder2sAfterSec, 2)} s after the burst`,
    '',
    `Memory at ${n(r.windowLines)} lines in the window: heap ${n(r.heapMB)} MB, external ${n(r.externalMB)} MB, RSS ${n(r.rssMB)} MB`,
    `  ${n(r.bytesPerLine)} bytes per line measured (heap + external), ${n(r.storeBytesPerLine)} by the store's own accounting`,
    '',
    `Search at ${n(r.windowLines)} lines (${20} runs per kind):`,
    ...searchRows,
    '',
    `Live: ${n(r.liveRate)} lines/s written, ${n(r.liveLinesSeen)} of ${n(r.liveLinesWritten)} seen; write → visible p50 ${n(r.latencyP50Ms, 1)} ms, p99 ${n(r.latencyP99Ms, 1)} ms, max ${n(r.latencyMaxMs)} ms`,
    '',
    'Baselines (same lines, same machine):',
    `  OpenSSH \`ssh host cat\`        ${n(r.baselines.opensshLinesPerSec).padStart(12)} lines/s`,
    `  MiniSearch, default options   ${n(r.baselines.minisearchDefaultLinesPerSec).padStart(12)} lines/s (${n(r.baselines.minisearchSampleLines)} lines)`,
    `  lnav 0.11, local file         ${n(r.baselines.lnavLinesPerSec).padStart(12)} lines/s (${n(r.baselines.lnavFileLines)} lines)`,
    '',
    'Targets:',
    `  ${target(r.ingestLinesPerSec >= 1_000_000, `ingest ≥ 1,000,000 lines/s: ${n(r.ingestLinesPerSec)}`)}`,
    `  ${target(r.indexedLinesPerSec >= 100_000, `indexed ≥ 100,000 lines/s: ${n(r.indexedLinesPerSec)}`)}`,
    `  ${target(r.indexLagUnder2sAfterSec <= 5, `index lag under 2 s within 5 s of the burst: ${n(r.indexLagUnder2sAfterSec, 2)} s`)}`,
    `  ${target(r.bytesPerLine <= 350, `≤ 350 bytes per line: ${n(r.bytesPerLine)}`)}`,
    `  ${target(worst(termKinds) <= 100, `term search p95 ≤ 100 ms: ${n(worst(termKinds), 1)} ms`)}`,
    `  ${target(worst(scanKinds) <= 300, `regex/substring search p95 ≤ 300 ms: ${n(worst(scanKinds), 1)} ms`)}`,
    `  ${target(r.latencyP99Ms <= 500, `p99 write → visible ≤ 500 ms: ${n(r.latencyP99Ms, 1)} ms`)}`,
    '',
  ].join('\n');
}

/** Where the CPU went while the burst came in: what bounds ingest on a machine shared with its hosts. */
function cpuLines(r: BenchResult): string[] {
  const cpu = r.burstCpu;
  if (!cpu) return [];
  const us = (x: number) => `${x.toFixed(2)} µs`;
  return [
    `  CPU per line, until visible (${cpu.coresBusy.toFixed(2)} cores busy): engine thread ${us(cpu.engineThreadUs)}, ` +
      `busiest worker thread ${us(cpu.workerThreadUs)}, other threads ${us(cpu.otherThreadsUs)}, hosts' sshd and kernel ${us(cpu.outsideUs)}`,
    ...(cpu.engineWaitShare === null
      ? []
      : [
          `  engine thread ready but waiting for a core: ${(cpu.engineWaitShare * 100).toFixed(0)}% of the burst (the cores are shared with the hosts)`,
        ]),
  ];
}
