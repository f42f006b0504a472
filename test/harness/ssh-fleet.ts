import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run, TestProcess } from './processes';
import { waitFor } from './wait-for';

/**
 * Real OpenSSH servers on loopback for integration tests. Each host is its own sshd on its own
 * 127.0.1.x address, in its own mount namespace where the shared log folder (`viewDir`) is a bind mount
 * of that host's private folder: every host has "the same" log path with different content, as in a
 * real fleet. Each also has its own UTS namespace, so `hostname` answers with the host's name. Logins go to a dedicated test user whose shell (/bin/sh) reads no rc file.
 */

export const TEST_USER = 'wf-test';
const TEST_USER_HOME = '/var/lib/wf-test';

export interface FleetOptions {
  /** Host names, or a count (hosts are then named web-1, web-2, …). */
  hosts: number | string[];
  /** sshd's MaxStartups; sshd's default when omitted. */
  maxStartups?: string;
  maxSessions?: number;
  /** Extra sshd_config lines for every host. */
  sshdConfig?: string[];
  /** sshd's LogLevel (VERBOSE by default; DEBUG1 logs the algorithms each connection agreed on). */
  logLevel?: string;
  /** Put the client key in a running ssh-agent (default true). */
  agent?: boolean;
  /** Hosts that run in a network namespace (see netns.ts) instead of on loopback, by host name. */
  placement?: Record<string, HostPlacement>;
  /** The test user's login shell on some hosts (by host name), instead of /bin/sh: sshd runs every command with it. */
  loginShells?: Record<string, string>;
}

/** Where a host's sshd listens when it is not on its own 127.0.x.y address. */
export interface HostPlacement {
  /** The network namespace sshd runs in (`ip netns exec`); the root namespace when omitted. */
  netns?: string;
  /** The address sshd listens on (in that namespace): IPv4, or IPv6 such as `::1`. */
  address: string;
}

export interface TestHost {
  name: string;
  address: string;
  port: number;
  /** This host's private folder, seen by its sshd as the fleet's viewDir. */
  logDir: string;
  hostKeyFile: string;
  hostPublicKey: string;
  sshdLog: string;
  /** The network namespace this host runs in; undefined for loopback in the root namespace. */
  netns?: string;
  sshd: TestProcess | null;
  startSshd(): Promise<void>;
  stopSshd(): Promise<void>;
}

export interface SshFleet {
  root: string;
  /** The log folder path as every host sees it. */
  viewDir: string;
  /** The operator's temporary HOME: ~/.ssh/config, keys, known_hosts. */
  home: string;
  clientKeyFile: string;
  agentSocket: string | undefined;
  hosts: TestHost[];
  /** The environment a CLI child process needs: HOME and SSH_AUTH_SOCK of this fleet. */
  env(): NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export function canRunSshFleet(): { ok: true } | { ok: false; why: string } {
  if (process.getuid?.() !== 0)
    return { ok: false, why: 'the sshd harness needs root (mount namespaces, test user)' };
  try {
    readFileSync('/usr/sbin/sshd');
  } catch {
    return { ok: false, why: '/usr/sbin/sshd is not installed (Debian package openssh-server)' };
  }
  return { ok: true };
}

async function ensureTestUser(): Promise<void> {
  try {
    await run('id', ['-u', TEST_USER]);
  } catch {
    await run('useradd', [
      '--system',
      '--create-home',
      '--home-dir',
      TEST_USER_HOME,
      '--shell',
      '/bin/sh',
      TEST_USER,
    ]);
  }
  // A new account's password is "!" (locked), and sshd without PAM refuses locked accounts even for keys.
  await run('usermod', ['-p', '*', TEST_USER]);
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
}

/**
 * A copy of /etc/passwd in which the test user's login shell is `shell`, for one host's sshd to see in
 * place of the real file (its own mount namespace): the machine's accounts stay as they are.
 */
function passwdWithShell(dir: string, shell: string): string {
  const file = path.join(dir, 'passwd');
  const lines = readFileSync('/etc/passwd', 'utf8').split('\n');
  const changed = lines.map((line) =>
    line.startsWith(`${TEST_USER}:`) ? [...line.split(':').slice(0, 6), shell].join(':') : line,
  );
  writeFileSync(file, changed.join('\n'), { mode: 0o644 });
  return file;
}

async function raiseInotifyLimit(): Promise<void> {
  // Every `tail -F` takes an inotify instance; past the default 128 per user, tail polls once a second.
  try {
    const current = Number(readFileSync('/proc/sys/fs/inotify/max_user_instances', 'utf8'));
    if (current < 4096) writeFileSync('/proc/sys/fs/inotify/max_user_instances', '4096');
  } catch {
    // not permitted here: tests still pass, with polling latency
  }
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

function hostAddress(index: number): string {
  return `127.0.${1 + Math.floor(index / 250)}.${2 + (index % 250)}`;
}

export async function startSshFleet(options: FleetOptions): Promise<SshFleet> {
  await ensureTestUser();
  await raiseInotifyLimit();
  const root = mkdtempSync(path.join(tmpdir(), 'wf-fleet-'));
  chmodSync(root, 0o755);
  const viewDir = path.join(root, 'view');
  const home = path.join(root, 'home');
  const sshDir = path.join(home, '.ssh');
  mkdirSync(viewDir, { mode: 0o755 });
  mkdirSync(sshDir, { recursive: true, mode: 0o700 });

  const clientKeyFile = path.join(sshDir, 'id_ed25519');
  await run('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    'watchfloor-test-client',
    '-f',
    clientKeyFile,
  ]);
  const authorizedKeys = path.join(root, 'authorized_keys');
  writeFileSync(authorizedKeys, readFileSync(`${clientKeyFile}.pub`), { mode: 0o644 });

  const names =
    typeof options.hosts === 'number'
      ? Array.from({ length: options.hosts }, (_, i) => `web-${i + 1}`)
      : options.hosts;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const processes: TestProcess[] = [];

  const hosts: TestHost[] = await Promise.all(
    names.map(async (name, index) => {
      const dir = path.join(root, 'hosts', name);
      const logDir = path.join(dir, 'logs');
      mkdirSync(logDir, { recursive: true, mode: 0o755 });
      chmodSync(path.join(root, 'hosts'), 0o755);
      chmodSync(dir, 0o755);
      const hostKeyFile = path.join(dir, 'ssh_host_ed25519_key');
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', hostKeyFile]);
      const placement = options.placement?.[name];
      const passwd = options.loginShells?.[name] ? passwdWithShell(dir, options.loginShells[name]) : '';
      const address = placement?.address ?? hostAddress(index);
      const sshdLog = path.join(dir, 'sshd.log');
      const config = path.join(dir, 'sshd_config');
      writeFileSync(
        config,
        [
          `ListenAddress ${address.includes(':') ? `[${address}]` : address}:${port}`,
          `HostKey ${hostKeyFile}`,
          `PidFile ${path.join(dir, 'sshd.pid')}`,
          `AuthorizedKeysFile ${authorizedKeys}`,
          `AllowUsers ${TEST_USER}`,
          'StrictModes no',
          'UsePAM no',
          'PasswordAuthentication no',
          'KbdInteractiveAuthentication no',
          'PubkeyAuthentication yes',
          'PrintMotd no',
          'PrintLastLog no',
          'UseDNS no',
          'X11Forwarding no',
          'AllowTcpForwarding yes',
          `LogLevel ${options.logLevel ?? 'VERBOSE'}`,
          ...(options.maxStartups ? [`MaxStartups ${options.maxStartups}`] : []),
          ...(options.maxSessions !== undefined ? [`MaxSessions ${options.maxSessions}`] : []),
          ...(options.sshdConfig ?? []),
          '',
        ].join('\n'),
      );
      const host: TestHost = {
        name,
        address,
        port,
        logDir,
        hostKeyFile,
        hostPublicKey: readFileSync(`${hostKeyFile}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' '),
        sshdLog,
        netns: placement?.netns,
        sshd: null,
        async startSshd() {
          const log = path.join(dir, 'sshd.log');
          const logSizeBefore = safeSize(log);
          const inNetns = placement?.netns ? ['ip', 'netns', 'exec', placement.netns] : [];
          const [command, ...prefix] = [...inNetns, 'unshare'];
          const proc = TestProcess.start(command, [
            ...prefix,
            '--mount',
            '--propagation',
            'private',
            '--uts',
            '--',
            '/bin/sh',
            '-c',
            'mount --bind "$1" "$2" && hostname "$5" && { [ -z "$6" ] || mount --bind "$6" /etc/passwd; } && ' +
              'exec /usr/sbin/sshd -D -E "$4" -f "$3"',
            'sh',
            logDir,
            viewDir,
            config,
            log,
            name,
            passwd,
          ]);
          host.sshd = proc;
          processes.push(proc);
          const exited = proc.exited.then(() => true);
          await waitFor(
            async () => {
              if (await Promise.race([exited, Promise.resolve(false)])) {
                throw new Error(`sshd for ${name} exited: ${safeRead(log)}`);
              }
              // A host in another network namespace cannot be probed from here: sshd says when it listens.
              return placement?.netns
                ? safeReadFrom(log, logSizeBefore).includes('Server listening on')
                : portIsOpen(address, port);
            },
            { what: `sshd of ${name} on ${address}:${port}`, timeoutMs: 20_000, intervalMs: 25 },
          );
        },
        async stopSshd() {
          await host.sshd?.stop();
          host.sshd = null;
        },
      };
      return host;
    }),
  );
  for (let i = 0; i < hosts.length; i += 20)
    await Promise.all(hosts.slice(i, i + 20).map((h) => h.startSshd()));

  writeFileSync(
    path.join(sshDir, 'config'),
    hosts
      .map((h) =>
        [
          `Host ${h.name}`,
          `  HostName ${h.address}`,
          `  Port ${h.port}`,
          `  User ${TEST_USER}`,
          `  IdentityFile ${clientKeyFile}`,
          '',
        ].join('\n'),
      )
      .join('\n'),
    { mode: 0o600 },
  );
  writeFileSync(
    path.join(sshDir, 'known_hosts'),
    hosts.map((h) => `[${h.address}]:${h.port} ${h.hostPublicKey}\n`).join(''),
    { mode: 0o600 },
  );

  let agentSocket: string | undefined;
  let agent: TestProcess | null = null;
  if (options.agent !== false) {
    agentSocket = path.join(root, 'agent.sock');
    agent = await startAgent(agentSocket, [clientKeyFile]);
  }

  return {
    root,
    viewDir,
    home,
    clientKeyFile,
    agentSocket,
    hosts,
    env() {
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
      if (agentSocket) env.SSH_AUTH_SOCK = agentSocket;
      else delete env.SSH_AUTH_SOCK;
      return env;
    },
    async stop() {
      await Promise.all([...processes, ...(agent ? [agent] : [])].map((p) => p.stop()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A running ssh-agent listening on `socket`, holding `keyFiles` in that order. */
export async function startAgent(socket: string, keyFiles: readonly string[]): Promise<TestProcess> {
  const agent = TestProcess.start('ssh-agent', ['-D', '-a', socket]);
  await waitFor(() => portIsOpenUnix(socket), { what: 'ssh-agent socket' });
  for (const file of keyFiles)
    await run('ssh-add', [file], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
  return agent;
}

function portIsOpenUnix(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path: socketPath });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A second login user whose password sshd may accept (with `PasswordAuthentication yes` for it in a
 * `Match User` block): the key-only test user stays as it is for every other suite.
 */
export async function ensurePasswordUser(user: string, password: string): Promise<void> {
  try {
    await run('id', ['-u', user]);
  } catch {
    await run('useradd', [
      '--system',
      '--create-home',
      '--home-dir',
      `/var/lib/${user}`,
      '--shell',
      '/bin/sh',
      user,
    ]);
  }
  await run('chpasswd', [], { input: `${user}:${password}\n` });
}

/** Takes the password away again ("*": no password matches, keys still work). */
export async function clearPassword(user: string): Promise<void> {
  await run('usermod', ['-p', '*', user]);
}

function safeSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function safeReadFrom(file: string, offset: number): string {
  try {
    return readFileSync(file).subarray(offset).toString('utf8');
  } catch {
    return '';
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join('\n');
  } catch {
    return '(no log)';
  }
}
