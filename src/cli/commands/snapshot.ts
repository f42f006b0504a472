import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { version } from '../../../package.json';
import { Engine } from '../../engine/engine';
import { formatDuration, MARK_LABELS, MARK_KINDS } from '../../shared/incident';
import { SNAPSHOT_EXTENSION, type SnapshotManifest } from '../../engine/snapshots/snapshot-format';
import { SnapshotIntegrityError, SnapshotReader } from '../../engine/snapshots/snapshot-reader';
import type { SnapshotSource } from '../../engine/snapshots/snapshot-source';
import { verifySnapshot } from '../../engine/snapshots/snapshot-verify';
import {
  ExportCancelledError,
  writeSnapshot,
  type ExportProgress,
} from '../../engine/snapshots/snapshot-writer';
import { streamPageEvents } from '../../engine/snapshots/stream-page-events';
import { syntheticSource } from '../../engine/snapshots/synthetic-source';
import type { CliCommand, CliIo } from '../command';
import { engineOptionsFromEnv } from '../engine-options';
import { waitForHosts } from '../wait-for-hosts';

const USAGE = [
  'watchfloor snapshot verify FILE',
  '       watchfloor snapshot inspect FILE [--json]',
  '       watchfloor snapshot create PROFILE [--env NAME] [--app NAME]... --duration SECONDS -o FILE [--mask-hosts]',
  '       watchfloor snapshot bench [--lines N] [--hosts N] [-o FILE]',
].join('\n');

export const snapshotCommand: CliCommand = {
  name: 'snapshot',
  summary:
    'Incident snapshots (.wfsnap): create one from a fleet, verify its hashes, inspect it, benchmark export.',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'verify':
        return verify(rest, io);
      case 'inspect':
        return inspect(rest, io);
      case 'create':
        return create(rest, io);
      case 'bench':
        return bench(rest, io);
      default:
        io.stderr.write(`usage: ${USAGE}\n`);
        return 2;
    }
  },
};

function oneFile(argv: string[], io: CliIo, options: ParseArgsConfig['options'] = {}) {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options });
  if (positionals.length !== 1) return null;
  return { file: path.resolve(io.cwd, positionals[0]), values };
}

async function verify(argv: string[], io: CliIo): Promise<number> {
  const args = oneFile(argv, io);
  if (!args) {
    io.stderr.write(`usage: watchfloor snapshot verify FILE\n`);
    return 2;
  }
  try {
    const { manifest, entries } = await verifySnapshot(args.file);
    io.stdout.write(
      `${args.file}: ok — ${entries.length} entries, ${manifest.counts.events.toLocaleString('en')} events, ` +
        `every SHA-256 matches the manifest (exported ${new Date(manifest.createdAt).toISOString()} by Watchfloor ${manifest.appVersion})\n`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof SnapshotIntegrityError)) throw err;
    io.stderr.write(
      `${err.message}\nDo not rely on this snapshot; ask whoever exported it for the original file.\n`,
    );
    return 1;
  }
}

async function inspect(argv: string[], io: CliIo): Promise<number> {
  const args = oneFile(argv, io, { json: { type: 'boolean', default: false } });
  if (!args) {
    io.stderr.write(`usage: watchfloor snapshot inspect FILE [--json]\n`);
    return 2;
  }
  const reader = await SnapshotReader.open(args.file);
  if (args.values.json) {
    io.stdout.write(`${JSON.stringify(reader.manifest, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(`${describeManifest(args.file, reader.manifest, (await stat(args.file)).size)}\n`);
  io.stdout.write(
    `Run \`watchfloor snapshot verify ${path.basename(args.file)}\` to check every entry's hash.\n`,
  );
  return 0;
}

function describeManifest(file: string, m: SnapshotManifest, size: number): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const markers =
    Object.entries(m.counts.markers)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ') || 'none';
  const redactions =
    Object.entries(m.redactions)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  return [
    `${file} (${(size / 1e6).toFixed(1)} MB, format ${m.formatVersion}, Watchfloor ${m.appVersion})`,
    `  profile      ${m.profile.name} / ${m.profile.environment}${m.profile.applications.length ? ` (${m.profile.applications.join(', ')})` : ''}${m.profile.hostAddressesMasked ? ', host addresses masked' : ''}`,
    `  window       ${iso(m.window.from)} → ${iso(m.window.to)} (${formatDuration(m.window.to - m.window.from)})`,
    `  hosts        ${m.hosts.length}: ${m.hosts.join(', ')}`,
    `  events       ${m.counts.events.toLocaleString('en')} (${m.counts.lines.toLocaleString('en')} lines; markers: ${markers})`,
    `  analytics    ${m.counts.series} series, ${m.counts.forecasts} forecasts, ${m.counts.anomalies} anomalies, ${m.counts.signatures} error signatures`,
    `  incident     ${m.counts.marks} marks, ${m.counts.notes} notes, ${m.counts.auditEntries} actions; MTTD ${formatDuration(m.incident.mttdMs)}, MTTR ${formatDuration(m.incident.mttrMs)}`,
    ...MARK_KINDS.filter((k) => m.incident.marks[k] != null).map(
      (k) => `               ${MARK_LABELS[k].padEnd(15)}${iso(m.incident.marks[k]!)}`,
    ),
    `  redactions   ${redactions}`,
    `  exported     ${iso(m.createdAt)}`,
  ].join('\n');
}

function progressPrinter(io: CliIo): (p: ExportProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (p.phase === 'events' && now - last < 500) return;
    last = now;
    const share = p.expectedEvents
      ? ` (${Math.min(100, Math.round((100 * p.events) / p.expectedEvents))}%)`
      : '';
    io.stderr.write(
      `  ${p.phase}: ${p.events.toLocaleString('en')} events${share}, ${(p.bytesWritten / 1e6).toFixed(1)} MB written\n`,
    );
  };
}

function outputFile(io: CliIo, value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const file = path.resolve(io.cwd, value);
  return file.endsWith(SNAPSHOT_EXTENSION) ? file : `${file}${SNAPSHOT_EXTENSION}`;
}

/** Ctrl-C cancels the export; the partial file is removed. */
async function withInterrupt<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await run(controller.signal);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

async function create(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      env: { type: 'string' },
      app: { type: 'string', multiple: true },
      duration: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'mask-hosts': { type: 'boolean', default: false },
    },
  });
  const duration = Number(values.duration);
  const output = outputFile(io, values.output);
  if (positionals.length !== 1 || !(duration > 0) || !output) {
    io.stderr.write(
      `usage: watchfloor snapshot create PROFILE [--env NAME] [--app NAME]... --duration SECONDS -o FILE\n`,
    );
    return 2;
  }
  const profilePath = path.resolve(io.cwd, positionals[0]);
  const profileFile = path.basename(profilePath);
  const engine = new Engine(engineOptionsFromEnv(io, path.dirname(profilePath)));
  try {
    const profile = await engine.profiles.load(profileFile);
    const environment = values.env ?? profile.environments[0].name;
    const info = await engine.connect({ profileFile, environment, applications: values.app ?? [] });
    const statuses = await waitForHosts(
      engine,
      info.hosts.map((h) => h.host),
    );
    const live = statuses.filter((s) => s.state === 'live').length;
    for (const s of statuses.filter((s) => s.state !== 'live'))
      io.stderr.write(`${s.host}: ${s.state}: ${s.reason}\n`);
    if (live === 0) {
      io.stderr.write(
        `watchfloor snapshot: no host of "${environment}" could be reached; nothing to export.\n`,
      );
      return 1;
    }
    io.stderr.write(
      `watchfloor snapshot: ${live} of ${statuses.length} host(s) live, collecting for ${duration} s\n`,
    );
    await new Promise((resolve) => setTimeout(resolve, duration * 1000));
    // Stop ingesting, so the pages read below are a stable view of the window.
    await engine.disconnect();
    const first = await engine.getStreamPage({ from: 0, count: 1 });
    const total = first.total;
    const last = total > 0 ? await engine.getStreamPage({ from: total - 1, count: 1 }) : first;
    const now = Date.now();
    const source: SnapshotSource = {
      profile,
      environment,
      applications: info.applications,
      hosts: info.hosts.map((h) => h.host),
      window: {
        from: first.rows[0]?.ts ?? now - duration * 1000,
        to: Math.max(last.rows[0]?.ts ?? now, now),
      },
      expectedEvents: total,
      events: () => streamPageEvents((p) => engine.getStreamPage(p)),
    };
    const manifest = await withInterrupt((signal) =>
      writeSnapshot(output, source, {
        appVersion: version,
        maskHostAddresses: values['mask-hosts'],
        signal,
        onProgress: progressPrinter(io),
      }),
    );
    io.stdout.write(`${describeManifest(output, manifest, (await stat(output)).size)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ExportCancelledError) {
      io.stderr.write(`${err.message}\n`);
      return 130;
    }
    throw err;
  } finally {
    engine.dispose();
  }
}

async function bench(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      lines: { type: 'string', default: '1000000' },
      hosts: { type: 'string', default: '20' },
      output: { type: 'string', short: 'o' },
    },
  });
  const lines = Number(values.lines);
  const hosts = Number(values.hosts);
  if (!(lines > 0) || !(hosts > 0)) {
    io.stderr.write(`usage: watchfloor snapshot bench [--lines N] [--hosts N] [-o FILE]\n`);
    return 2;
  }
  const output = outputFile(io, values.output ?? path.join(io.cwd, `snapshot-bench-${process.pid}`))!;
  const source = syntheticSource({ events: lines, hosts, from: Date.UTC(2024, 4, 1), durationMs: 3_600_000 });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
  const started = performance.now();
  try {
    const manifest = await withInterrupt((signal) =>
      writeSnapshot(output, source, { appVersion: version, signal }),
    );
    const seconds = (performance.now() - started) / 1000;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const verifyStarted = performance.now();
    await verifySnapshot(output);
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    const size = (await stat(output)).size;
    const raw = manifest.entries['events.ndjson'].bytes;
    io.stdout.write(
      `${JSON.stringify({
        lines,
        hosts,
        exportSeconds: Number(seconds.toFixed(2)),
        linesPerSecond: Math.round(lines / seconds),
        peakRssMB: Math.round(peakRss / 1e6),
        fileMB: Number((size / 1e6).toFixed(1)),
        eventsNdjsonMB: Number((raw / 1e6).toFixed(1)),
        verifySeconds: Number(verifySeconds.toFixed(2)),
        output,
      })}\n`,
    );
    return 0;
  } finally {
    clearInterval(sampler);
  }
}
