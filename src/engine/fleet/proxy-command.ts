import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import type { ResolvedSshHost } from './ssh-config-resolver';

/** The stream an SSH connection runs over when ~/.ssh/config gives the host a ProxyCommand. */
export interface ProxyCommandSocket {
  sock: Duplex;
  /**
   * Why the command ended, from its exit status and the last line it wrote to stderr; null if it is still
   * running after `waitMs` (its stdout may close a moment before its exit is seen).
   */
  failure(waitMs: number): Promise<string | null>;
  stop(): void;
}

const STDERR_KEPT = 2000;
const STOP_GRACE_MS = 2000;

/** The host's ProxyCommand with the %-tokens ssh expands in it (%h, %p, %r, %n, %k = HostKeyAlias or host, %%). */
export function expandProxyCommand(host: ResolvedSshHost & { proxyCommand: string }): string {
  const tokens: Record<string, string> = {
    '%': '%',
    h: host.hostName,
    k: host.hostKeyAlias ?? host.hostName,
    n: host.alias,
    p: String(host.port),
    r: host.user,
  };
  return host.proxyCommand.replace(/%(.?)/g, (token, name: string) => {
    if (!(name in tokens)) throw new Error(`ProxyCommand for ${host.alias} has the unknown token "${token}"`);
    return tokens[name];
  });
}

/**
 * Runs a ProxyCommand as ssh does (`sh -c "exec COMMAND"`, tokens expanded first) and joins its stdout
 * and stdin into one stream for the SSH client. The command inherits the environment, with the agent
 * socket ssh would pass on, so `ssh -W %h:%p bastion` authenticates the same way.
 */
export function startProxyCommand(command: string, env: NodeJS.ProcessEnv): ProxyCommandSocket {
  const child = spawn('/bin/sh', ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'], env });
  let stderr = '';
  let exit: string | null = null;
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_KEPT);
  });
  const sock = Duplex.from({ readable: child.stdout, writable: child.stdin });
  // A write after the command exited fails with EPIPE; the connection then closes with the reason below.
  sock.on('error', () => undefined);
  child.once('error', (err) => {
    exit = `could not start: ${err.message}`;
    sock.destroy();
  });
  child.once('exit', (code, signal) => {
    exit = signal ? `ended by ${signal}` : `exited with status ${code}`;
  });
  return {
    sock,
    async failure(waitMs) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
      if (exit === null) return null;
      const said = stderr.trim().split('\n').pop()?.trim();
      return said ? `${exit}: ${said}` : exit;
    },
    stop() {
      // Closing its stdin ends a well-behaved command on its own (and keeps its own reason if it failed).
      sock.destroy();
      if (child.exitCode !== null || child.signalCode !== null) return;
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      }, STOP_GRACE_MS).unref();
    },
  };
}
