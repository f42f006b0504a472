import { closeSync, createWriteStream, mkdirSync, openSync, writeFileSync, type WriteStream } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { stringify } from 'yaml';
import { canRunHaproxy, HAPROXY_BIN, runtimeCommand } from './haproxy';
import { LoadGenerator } from './load-generator';
import { TestProcess } from './processes';
import { canRunSshFleet, startSshFleet, type SshFleet } from './ssh-fleet';
import { waitFor } from './wait-for';

/**
 * The crisis drill: a real HAProxy (Debian's) on loopback in front of four small HTTP backends, only the
 * first enabled. Each backend serves a limited number of requests a second (a token bucket) and answers
 * 503 past it, like a saturated service. Every backend writes a combined-format access log with the
 * request time (%D, microseconds) into the log folder of its own sshd host (web-1..web-4), and HAProxy
 * logs every request in the same format into the `lb` host's folder. The profile tails both over SSH
 * and has a scaling policy for `checkout` that grows the pool through the haproxy plugin (local socket).
 */

export const DRILL = {
  backends: 4,
  /** Requests a second one backend serves before it answers 503. */
  capacityRps: 30,
  /** Before the surge: enough history for a first forecast, all within one backend's capacity. */
  calmRps: 10,
  /** The surge ramps to this and holds it: over one backend's capacity, within four's. */
  peakRps: 100,
  rampMs: 60_000,
  /** The policy's errors/s threshold for checkout. */
  errorThreshold: 40,
  backend: 'checkout',
  profile: 'shop',
  environment: 'drill',
  /**
   * The analytics of `watchfloor serve` on one-second steps, refreshed every second: the incident is
   * compressed ten times (the default step is 10 s), and forecasts reach 12 steps ahead, so backtests
   * judge the models on the surge within seconds of its start rather than on the calm before it.
   */
  serveEnv: {
    WATCHFLOOR_FORECAST_INTERVAL_MS: '1000',
    WATCHFLOOR_SERIES_STEP_MS: '1000',
    WATCHFLOOR_SERIES_SETTLE_MS: '1500',
    WATCHFLOOR_FORECAST_HORIZON_STEPS: '12',
  },
} as const;

export function canRunCrisisDrill(): { ok: true } | { ok: false; why: string } {
  const ssh = canRunSshFleet();
  if (!ssh.ok) return ssh;
  return canRunHaproxy();
}

export interface DrillBackend {
  name: string;
  /** The sshd host whose log folder holds this backend's access log. */
  host: string;
  port: number;
  served: number;
  rejected: number;
}

/** A server of the pool as HAProxy's `show stat` reports it. */
export interface PoolServer {
  name: string;
  /** UP, DOWN, MAINT, … */
  status: string;
}

export interface CrisisDrill {
  fleet: SshFleet;
  profilesDir: string;
  profileFile: string;
  /** HAProxy's admin socket. */
  socket: string;
  frontendPort: number;
  backends: DrillBackend[];
  load: LoadGenerator;
  /** The pool as HAProxy itself reports it (read on the socket, not through the product). */
  pool(): Promise<PoolServer[]>;
  /** The environment for `watchfloor serve`: the fleet's HOME and agent, fast analytics. */
  serveEnv(): NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `10/Oct/2000:13:55:36 +0000`, the access log's time (UTC). */
function clfTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
  );
}

interface RunningBackend {
  state: DrillBackend;
  server: http.Server;
  log: WriteStream;
}

function startBackend(
  name: string,
  host: string,
  logFile: string,
  capacityRps: number,
): Promise<RunningBackend> {
  const state: DrillBackend = { name, host, port: 0, served: 0, rejected: 0 };
  const log = createWriteStream(logFile, { flags: 'a', mode: 0o644 });
  // A fifth of a second of burst: short queues of a saturated service, not a reservoir.
  const burst = Math.max(1, capacityRps / 5);
  let tokens = burst;
  let refilledAt = Date.now();
  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const now = Date.now();
    tokens = Math.min(burst, tokens + ((now - refilledAt) * capacityRps) / 1000);
    refilledAt = now;
    const admitted = tokens >= 1;
    if (admitted) tokens -= 1;
    const finish = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      const micros = Number((process.hrtime.bigint() - started) / 1000n);
      log.write(
        `${req.socket.remoteAddress ?? '-'} - - [${clfTime(Date.now())}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ` +
          `${status} ${Buffer.byteLength(body)} "-" "${req.headers['user-agent'] ?? '-'}" ${micros}\n`,
      );
    };
    req.resume();
    if (!admitted) {
      state.rejected++;
      finish(503, 'over capacity, try again\n');
      return;
    }
    state.served++;
    // Some work: a few milliseconds, as a small service takes.
    setTimeout(() => finish(200, `served by ${name}\n`), 3 + Math.floor(Math.random() * 10));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      state.port = (server.address() as AddressInfo).port;
      resolve({ state, server, log });
    }),
  );
}

function haproxyConfig(socket: string, frontendPort: number, backends: DrillBackend[]): string {
  return [
    'global',
    `  stats socket ${socket} mode 666 level admin`,
    '  maxconn 512',
    '  log stdout format raw local0',
    'defaults',
    '  mode http',
    '  log global',
    '  timeout connect 1s',
    '  timeout client 10s',
    '  timeout server 5s',
    'frontend web',
    `  bind 127.0.0.1:${frontendPort}`,
    '  capture request header User-Agent len 64',
    // Combined format (so the access-log parser reads it) plus the serving server and the total time.
    '  log-format "%ci - - [%T] \\"%r\\" %ST %B \\"-\\" \\"%[capture.req.hdr(0)]\\" %b/%s duration_ms=%Ta"',
    `  default_backend ${DRILL.backend}`,
    `backend ${DRILL.backend}`,
    '  balance roundrobin',
    ...backends.map(
      (b, i) =>
        `  server ${b.name} 127.0.0.1:${b.port} check inter 500 rise 1 fall 2${i > 0 ? ' disabled' : ''}`,
    ),
    '',
  ].join('\n');
}

function writeProfile(fleet: SshFleet, socket: string): { profilesDir: string; profileFile: string } {
  const profilesDir = path.join(fleet.root, 'profiles');
  mkdirSync(profilesDir, { recursive: true });
  const web = fleet.hosts.filter((h) => h.name !== 'lb').map((h) => h.name);
  const profile = {
    name: DRILL.profile,
    environments: [
      {
        name: DRILL.environment,
        hosts: fleet.hosts.map((h) => ({ name: h.name, address: h.name })),
        applications: [
          {
            name: 'checkout',
            hosts: web,
            logs: [{ path: path.join(fleet.viewDir, 'access.log'), format: 'auto' }],
            scaling: {
              metric: 'errors_per_sec',
              threshold: DRILL.errorThreshold,
              min: 1,
              max: DRILL.backends,
              step: DRILL.backends - 1,
              cooldownSec: 300,
              lookaheadSec: 60,
              action: { plugin: 'haproxy', params: { backend: DRILL.backend, socket } },
            },
          },
          {
            name: 'lb',
            hosts: ['lb'],
            logs: [{ path: path.join(fleet.viewDir, 'haproxy.log'), format: 'auto' }],
          },
        ],
      },
    ],
  };
  const profileFile = path.join(profilesDir, `${DRILL.profile}.yaml`);
  writeFileSync(profileFile, stringify(profile));
  return { profilesDir, profileFile };
}

/** HAProxy's `show stat` CSV: the servers of one backend with their status. */
export function parseStatServers(csv: string, backend: string): PoolServer[] {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  const columns = lines[0]?.replace(/^# /, '').split(',') ?? [];
  const [px, sv, status] = ['pxname', 'svname', 'status'].map((c) => columns.indexOf(c));
  if (px < 0 || sv < 0 || status < 0) throw new Error(`HAProxy's show stat has no header: ${lines[0]}`);
  return lines
    .slice(1)
    .map((l) => l.split(','))
    .filter((f) => f[px] === backend && f[sv] !== 'BACKEND' && f[sv] !== 'FRONTEND')
    .map((f) => ({ name: f[sv], status: f[status] }));
}

/** Starts the drill's fleet, backends and HAProxy; the load generator is created idle. */
export async function startCrisisDrill(): Promise<CrisisDrill> {
  const names = Array.from({ length: DRILL.backends }, (_, i) => `web-${i + 1}`);
  const fleet = await startSshFleet({ hosts: ['lb', ...names] });
  const running: RunningBackend[] = [];
  let haproxy: TestProcess | null = null;
  const stop = async () => {
    await haproxy?.stop();
    await Promise.all(
      running.map(
        ({ server, log }) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => log.end(() => resolve()));
          }),
      ),
    );
    await fleet.stop();
  };
  try {
    for (const [i, host] of names.entries()) {
      const logFile = path.join(fleet.hosts.find((h) => h.name === host)!.logDir, 'access.log');
      running.push(await startBackend(`web${i + 1}`, host, logFile, DRILL.capacityRps));
    }
    const backends = running.map((b) => b.state);
    const lb = fleet.hosts.find((h) => h.name === 'lb')!;
    const socket = path.join(fleet.root, 'haproxy-admin.sock');
    const frontendPort = 30000 + Math.floor(Math.random() * 20000);
    const config = path.join(fleet.root, 'haproxy.cfg');
    writeFileSync(config, haproxyConfig(socket, frontendPort, backends));
    // HAProxy logs to stdout (`log stdout format raw`): that is the lb host's access log.
    const out = openSync(path.join(lb.logDir, 'haproxy.log'), 'a', 0o644);
    const err = openSync(path.join(fleet.root, 'haproxy.err'), 'a', 0o644);
    haproxy = TestProcess.start(HAPROXY_BIN, ['-db', '-f', config], { stdio: ['ignore', out, err] });
    closeSync(out);
    closeSync(err);
    const proc = haproxy;
    await waitFor(
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`haproxy exited with ${proc.child.exitCode}`);
        const pool = parseStatServers(await runtimeCommand(socket, 'show stat'), DRILL.backend);
        return pool[0]?.status === 'UP';
      },
      { what: `HAProxy's socket ${socket} and web1 up`, timeoutMs: 10_000 },
    );
    const { profilesDir, profileFile } = writeProfile(fleet, socket);
    const load = new LoadGenerator(frontendPort);
    return {
      fleet,
      profilesDir,
      profileFile,
      socket,
      frontendPort,
      backends,
      load,
      pool: async () => parseStatServers(await runtimeCommand(socket, 'show stat'), DRILL.backend),
      serveEnv: () => ({ ...fleet.env(), ...DRILL.serveEnv }),
      async stop() {
        await load.stop();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
