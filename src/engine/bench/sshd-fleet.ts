import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Real OpenSSH servers on loopback for the benchmark. Each host is its own sshd on its own 127.0.x.y
 * address, in its own mount namespace where the shared log folder (`viewDir`) is a bind mount of the
 * host's private folder: every host has "the same" log path with different content, as in a real fleet.
 * Logins go to a dedicated user whose shell (/bin/sh) reads no rc file. Needs root.
 */

export const BENCH_USER = 'wf-test';
const BENCH_USER_HOME = '/var/lib/wf-test';
/** Signals that end a run early (Ctrl-C, kill, a closed terminal): the fleet is stopped first. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface BenchHost {
  name: string;
  address: string;
  port: number;
  /** This host's private folder, seen by its sshd as the fleet's viewDir. */
  logDir: string;
}

export interface BenchFleet {
  root: string;
  viewDir: string;
  /** A HOME with ~/.ssh/config (aliases web-1…), the client key and known_hosts. */
  home: string;
  sshConfig: string;
  hosts: BenchHost[];
  stop(): Promise<void>;
}

export function sshdFleetProblem(): string | null {
  if (process.getuid?.() !== 0) return 'starting sshd hosts needs root (mount namespaces, a login user)';
  try {
    readFileSync('/usr/sbin/sshd');
  } catch {
    return '/usr/sbin/sshd is not installed (Debian package openssh-server)';
  }
  return null;
}

export async function startSshdFleet(count: number): Promise<BenchFleet> {
  await ensureUser();
  const root = mkdtempSync(path.join(tmpdir(), 'wf-bench-'));
  chmodSync(root, 0o755);
  const viewDir = path.join(root, 'view');
  const home = path.join(root, 'home');
  const sshDir = path.join(home, '.ssh');
  mkdirSync(viewDir, { mode: 0o755 });
  mkdirSync(sshDir, { recursive: true, mode: 0o700 });
  mkdirSync(path.join(root, 'hosts'), { mode: 0o755 });
  const clientKey = path.join(sshDir, 'id_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'watchfloor-bench', '-f', clientKey]);
  const authorizedKeys = path.join(root, 'authorized_keys');
  writeFileSync(authorizedKeys, readFileSync(`${clientKey}.pub`), { mode: 0o644 });
  // One host key for all: generating a hundred keys costs seconds and proves nothing here.
  const hostKey = path.join(root, 'ssh_host_ed25519_key');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bench-host', '-f', hostKey]);
  const hostPublicKey = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const processes: ChildProcess[] = [];
  const hosts: BenchHost[] = Array.from({ length: count }, (_, i) => {
    const name = `web-${i + 1}`;
    const dir = path.join(root, 'hosts', name);
    const logDir = path.join(dir, 'logs');
    mkdirSync(logDir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    return { name, address: `127.0.${1 + Math.floor(i / 250)}.${2 + (i % 250)}`, port, logDir };
  });
  // The hosts run detached, in process groups of their own: an interrupted run must stop them itself.
  const interrupted = (signal: NodeJS.Signals) => {
    void stop().finally(() => process.kill(process.pid, signal));
  };
  for (const signal of STOP_SIGNALS) process.once(signal, interrupted);
  const stop = async () => {
    for (const signal of STOP_SIGNALS) process.off(signal, interrupted);
    // Session processes (the remote followers) run in sessions of their own: find them through /proc.
    const pids = [
      ...processes.flatMap((child) => descendants(child.pid!)),
      ...processes.map((c) => c.pid!),
      ...orphansUsing(viewDir),
    ];
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < hosts.length; i += 20) {
      await Promise.all(
        hosts
          .slice(i, i + 20)
          .map((host) => startSshd(root, host, hostKey, authorizedKeys, viewDir, processes)),
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const sshConfig = path.join(sshDir, 'config');
  writeFileSync(
    sshConfig,
    hosts
      .map((h) =>
        [
          `Host ${h.name}`,
          `  HostName ${h.address}`,
          `  Port ${h.port}`,
          `  User ${BENCH_USER}`,
          `  IdentityFile ${clientKey}`,
          '',
        ].join('\n'),
      )
      .join('\n'),
    { mode: 0o600 },
  );
  writeFileSync(
    path.join(sshDir, 'known_hosts'),
    hosts.map((h) => `[${h.address}]:${h.port} ${hostPublicKey}\n`).join(''),
    { mode: 0o600 },
  );
  return { root, viewDir, home, sshConfig, hosts, stop };
}

async function startSshd(
  root: string,
  host: BenchHost,
  hostKey: string,
  authorizedKeys: string,
  viewDir: string,
  processes: ChildProcess[],
): Promise<void> {
  const dir = path.join(root, 'hosts', host.name);
  const config = path.join(dir, 'sshd_config');
  const log = path.join(dir, 'sshd.log');
  writeFileSync(
    config,
    [
      `ListenAddress ${host.address}:${host.port}`,
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      `AllowUsers ${BENCH_USER}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PrintMotd no',
      'PrintLastLog no',
      'UseDNS no',
      'X11Forwarding no',
      'MaxStartups 100:30:200',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  const child = spawn(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      '--',
      '/bin/sh',
      '-c',
      'mount --bind "$1" "$2" && exec /usr/sbin/sshd -D -E "$4" -f "$3"',
      'sh',
      host.logDir,
      viewDir,
      config,
      log,
    ],
    { stdio: 'ignore', detached: true },
  );
  processes.push(child);
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 20_000;
  while (!(await portIsOpen(host.address, host.port))) {
    if (exited) throw new Error(`sshd for ${host.name} exited: ${safeRead(log)}`);
    if (Date.now() > deadline)
      throw new Error(`sshd for ${host.name} did not listen on ${host.address}:${host.port}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function ensureUser(): Promise<void> {
  try {
    await run('id', ['-u', BENCH_USER]);
  } catch {
    await run('useradd', [
      '--system',
      '--create-home',
      '--home-dir',
      BENCH_USER_HOME,
      '--shell',
      '/bin/sh',
      BENCH_USER,
    ]);
  }
  // A new account's password is "!" (locked), and sshd without PAM refuses locked accounts even for keys.
  await run('usermod', ['-p', '*', BENCH_USER]);
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
}

function portIsOpen(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join('\n');
  } catch {
    return '(no log)';
  }
}

export function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${err.trim()}`)),
    );
  });
}

function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Remote followers whose session already closed (re-parented to init), found by the folder they read. */
function orphansUsing(folder: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(`${folder}/`)) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}
