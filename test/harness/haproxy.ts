import {
  chmodSync,
  existsSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestProcess } from './processes';
import { waitFor } from './wait-for';

/**
 * A real HAProxy (Debian's /usr/sbin/haproxy) on loopback in front of small HTTP servers of this test
 * process, with an admin stats socket in a temporary folder. Servers past `enabled` start `disabled`,
 * the spare capacity an operator enables to scale the pool.
 */

export const HAPROXY_BIN = '/usr/sbin/haproxy';

export function canRunHaproxy(): { ok: true } | { ok: false; why: string } {
  return existsSync(HAPROXY_BIN)
    ? { ok: true }
    : { ok: false, why: `${HAPROXY_BIN} is not installed (Debian package haproxy)` };
}

export interface BackendServer {
  name: string;
  port: number;
  /** Requests this server answered. */
  hits: number;
}

export interface RunningHaproxy {
  dir: string;
  /** The admin stats socket (mode 666, so a test user logged in over SSH can reach it too). */
  socket: string;
  backend: string;
  frontendPort: number;
  servers: BackendServer[];
  /** HAProxy's own output (warnings about servers going up and down). */
  log(): string;
  /** Sends `count` requests through the frontend; returns how many each server answered. */
  load(count: number): Promise<Record<string, number>>;
  /** One runtime API command on the socket, straight (for assertions independent of the plugin). */
  command(line: string): Promise<string>;
  stop(): Promise<void>;
}

export interface HaproxyOptions {
  servers: number;
  enabled: number;
  backend?: string;
}

function startBackend(name: string): Promise<{ server: http.Server; state: BackendServer }> {
  const state: BackendServer = { name, port: 0, hits: 0 };
  const server = http.createServer((req, res) => {
    state.hits++;
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
    res.end(name);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      state.port = (server.address() as AddressInfo).port;
      resolve({ server, state });
    }),
  );
}

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve(`${res.statusCode} ${body}`));
      })
      .on('error', reject);
  });
}

export function runtimeCommand(socket: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ path: socket });
    let out = '';
    s.setEncoding('utf8');
    s.on('data', (d: string) => (out += d));
    s.once('connect', () => s.write(`${line}\n`));
    s.once('error', reject);
    s.once('close', () => resolve(out));
  });
}

export async function startHaproxy(options: HaproxyOptions): Promise<RunningHaproxy> {
  const backend = options.backend ?? 'checkout';
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-haproxy-'));
  chmodSync(dir, 0o755);
  const socket = path.join(dir, 'admin.sock');
  const started = await Promise.all(
    Array.from({ length: options.servers }, (_, i) => startBackend(`web${i + 1}`)),
  );
  const frontendPort = 30000 + Math.floor(Math.random() * 20000);
  const config = path.join(dir, 'haproxy.cfg');
  writeFileSync(
    config,
    [
      'global',
      `  stats socket ${socket} mode 666 level admin`,
      '  maxconn 256',
      'defaults',
      '  mode http',
      '  timeout connect 1s',
      '  timeout client 5s',
      '  timeout server 5s',
      'frontend web',
      `  bind 127.0.0.1:${frontendPort}`,
      `  default_backend ${backend}`,
      `backend ${backend}`,
      '  balance roundrobin',
      ...started.map(
        ({ state }, i) =>
          `  server ${state.name} 127.0.0.1:${state.port} check inter 200 rise 1 fall 1${i >= options.enabled ? ' disabled' : ''}`,
      ),
      '',
    ].join('\n'),
  );
  const logFile = path.join(dir, 'haproxy.log');
  const out = openSync(logFile, 'a');
  const proc = TestProcess.start(HAPROXY_BIN, ['-db', '-f', config], { stdio: ['ignore', out, out] });
  closeSync(out);
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const stopAll = async () => {
    await proc.stop();
    await Promise.all(started.map(({ server }) => new Promise((resolve) => server.close(resolve))));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`haproxy exited: ${log()}`);
        return existsSync(socket) && (await runtimeCommand(socket, 'show info')).includes('Name: HAProxy');
      },
      { what: `HAProxy's stats socket ${socket}`, timeoutMs: 10_000 },
    );
  } catch (err) {
    await stopAll();
    throw err;
  }
  const servers = started.map(({ state }) => state);
  return {
    dir,
    socket,
    backend,
    frontendPort,
    servers,
    log,
    command: (line) => runtimeCommand(socket, line),
    async load(count) {
      const before = Object.fromEntries(servers.map((s) => [s.name, s.hits]));
      for (let i = 0; i < count; i++) await get(frontendPort);
      return Object.fromEntries(servers.map((s) => [s.name, s.hits - before[s.name]]));
    },
    stop: stopAll,
  };
}
