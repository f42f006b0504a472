import path from 'node:path';
import { parseArgs } from 'node:util';
import type { HostStatus, StreamRow } from '../../shared/types';
import { systemKeychain } from '../../engine/credentials/keychain';
import { Engine } from '../../engine/engine';
import type { CliCommand, CliIo } from '../command';
import { engineOptionsFromEnv } from '../engine-options';
import { terminalPrompts } from '../terminal-prompts';
import { formatRow, rowToJson } from '../row-format';
import { waitForHosts } from '../wait-for-hosts';

/** Lines may arrive this late from a slow host and still be printed in time order. */
const LATENESS_MS = 1000;
const POLL_MS = 200;
/** Longest wait for the live hosts' followers to open their files (one may wait for its file to appear). */
const OPEN_WAIT_MS = 5000;

export const tailCommand: CliCommand = {
  name: 'tail',
  summary: 'Connect to every host of a profile selection and print one merged, time-ordered stream.',
  usage: 'watchfloor tail PROFILE [--env NAME] [--app NAME]... [--duration SECONDS] [--ndjson]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        env: { type: 'string' },
        app: { type: 'string', multiple: true },
        duration: { type: 'string' },
        ndjson: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) {
      io.stderr.write(`usage: ${this.usage}\n`);
      return 2;
    }
    const duration = values.duration === undefined ? null : Number(values.duration);
    if (duration !== null && !(duration > 0))
      throw new Error(`--duration must be a positive number of seconds`);
    const profilePath = path.resolve(io.cwd, positionals[0]);
    const keychain = systemKeychain((why) => io.stderr.write(`watchfloor: ${why}\n`));
    const engine = new Engine({
      ...engineOptionsFromEnv(io, path.dirname(profilePath)),
      ...terminalPrompts(io, keychain),
    });
    try {
      return await tail(engine, io, {
        profileFile: path.basename(profilePath),
        environment: values.env,
        applications: values.app ?? [],
        durationMs: duration === null ? null : duration * 1000,
        ndjson: values.ndjson ?? false,
      });
    } finally {
      engine.dispose();
    }
  },
};

interface TailOptions {
  profileFile: string;
  environment?: string;
  applications: string[];
  durationMs: number | null;
  ndjson: boolean;
}

async function tail(engine: Engine, io: CliIo, options: TailOptions): Promise<number> {
  const profile = await engine.profiles.load(options.profileFile);
  const environment = options.environment ?? profile.environments[0].name;
  const reportStatus = (s: HostStatus) => {
    if (s.state === 'failed' || s.state === 'reconnecting')
      io.stderr.write(`${s.host}: ${s.state}: ${s.reason}\n`);
  };
  engine.events.on('hostStatus', reportStatus);
  // What the workbench shows in a host's drawer (a missing log, a setting not applied) goes to stderr here.
  engine.events.on('diagnostic', ({ host, message }) => io.stderr.write(`${host}: ${message}\n`));
  const info = await engine.connect({
    profileFile: options.profileFile,
    environment,
    applications: options.applications,
  });
  const statuses = await waitForHosts(
    engine,
    info.hosts.map((h) => h.host),
  );
  const live = statuses.filter((s) => s.state === 'live');
  if (live.length === 0) {
    io.stderr.write(
      `watchfloor tail: no host of "${environment}" could be reached (${statuses.length} tried).\n`,
    );
    return 1;
  }
  io.stderr.write(`watchfloor tail: ${live.length} of ${statuses.length} host(s) live\n`);
  // Each follower sends its file's recent lines right after opening it: nothing is printed until every
  // live host's followers have opened theirs and those lines had time to arrive, so the first host's
  // backlog is not printed ahead of another's older lines.
  const printFrom = (await followersOpened(engine, new Set(live.map((s) => s.host)))) + LATENESS_MS;

  const print = (row: StreamRow) =>
    io.stdout.write(`${options.ndjson ? JSON.stringify(rowToJson(row)) : formatRow(row)}\n`);
  let printed = 0; // absolute index (evicted rows included) of the next row to print
  const flush = async (watermark: number) => {
    for (;;) {
      const head = await engine.getStreamPage({ from: 0, count: 0 });
      const from = Math.max(0, printed - head.evicted);
      const page = await engine.getStreamPage({ from, count: 2000 });
      let advanced = 0;
      for (const row of page.rows) {
        if (row.ts > watermark) break;
        print(row);
        advanced++;
      }
      printed = head.evicted + from + advanced;
      if (advanced < 2000) return;
    }
  };

  const deadline = options.durationMs === null ? Infinity : Date.now() + options.durationMs;
  let interrupted = false;
  const onSigint = () => (interrupted = true);
  process.once('SIGINT', onSigint);
  try {
    while (!interrupted && Date.now() < deadline) {
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))),
      );
      if (Date.now() >= printFrom) await flush(Date.now() - LATENESS_MS);
    }
    await flush(Infinity);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  return 0;
}

/** When every source of these hosts had opened its file (or OPEN_WAIT_MS passed). */
async function followersOpened(engine: Engine, hosts: ReadonlySet<string>): Promise<number> {
  const deadline = Date.now() + OPEN_WAIT_MS;
  while (Date.now() < deadline) {
    const sources = (await engine.getSourceStats()).filter((s) => hosts.has(s.host));
    if (sources.length > 0 && sources.every((s) => s.offset !== null)) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS / 4));
  }
  return Date.now();
}
