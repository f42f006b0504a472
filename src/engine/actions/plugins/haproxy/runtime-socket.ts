import { connect } from 'node:net';
import { posixCommand } from '../../../fleet/remote-shell';
import { shellQuote } from '../../../fleet/shell-quote';
import type { RemoteExec } from '../../action-plugin';
import { describeFailure } from '../../local-process';
import { runRemote } from '../../remote-command';

/** Sends one line of runtime API commands (`;`-separated) and returns HAProxy's whole answer. */
export type RuntimeApi = (line: string) => Promise<string>;

export type SocketRelay = 'auto' | 'socat' | 'nc' | 'perl';

/** Talks to a stats socket on this machine. HAProxy answers one line and closes (non-interactive mode). */
export function localRuntimeApi(socketPath: string, timeoutMs: number): RuntimeApi {
  return (line) =>
    new Promise((resolve, reject) => {
      const socket = connect({ path: socketPath });
      let answer = '';
      const timer = setTimeout(
        () => socket.destroy(new Error(`HAProxy at ${socketPath} did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.once('connect', () => socket.write(`${line}\n`));
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`HAProxy runtime API at ${socketPath}: ${err.message}`));
      });
      socket.once('close', (hadError) => {
        clearTimeout(timer);
        if (!hadError) resolve(answer);
      });
    });
}

// Copies stdin to the socket and the answer to stdout; perl-base is on nearly every Linux host.
const PERL_RELAY =
  'my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die "cannot connect to $ARGV[0]: $!\\n"; ' +
  '$s->autoflush(1); print $s $_ while <STDIN>; print while <$s>;';

/** The shell command that connects stdin/stdout to a unix socket on a remote host. */
export function relayCommand(socketPath: string, relay: SocketRelay): string {
  const socat = `socat -t 5 - ${shellQuote(`UNIX-CONNECT:${socketPath}`)}`;
  const nc = `nc -U ${shellQuote(socketPath)}`;
  const perl = `perl -MIO::Socket::UNIX -e ${shellQuote(PERL_RELAY)} ${shellQuote(socketPath)}`;
  switch (relay) {
    case 'socat':
      return socat;
    case 'nc':
      return nc;
    case 'perl':
      return perl;
    case 'auto':
      return [
        `if command -v socat >/dev/null 2>&1; then exec ${socat};`,
        `elif command -v nc >/dev/null 2>&1 && nc -h 2>&1 | grep -q -e -U; then exec ${nc};`,
        `elif command -v perl >/dev/null 2>&1; then exec ${perl};`,
        `else echo 'the haproxy action needs socat, nc -U or perl on this host' >&2; exit 127; fi`,
      ].join(' ');
  }
}

/** Talks to a stats socket on a profile host, through a relay program run over SSH. */
export function remoteRuntimeApi(
  exec: RemoteExec,
  host: string,
  socketPath: string,
  relay: SocketRelay,
  timeoutMs: number,
): RuntimeApi {
  const command = posixCommand(relayCommand(socketPath, relay));
  return async (line) => {
    const result = await runRemote(exec, host, command, { timeoutMs, input: `${line}\n` });
    if (result.code !== 0 || result.timedOut) {
      throw new Error(
        `HAProxy runtime API at ${host}:${socketPath}: the relay ${describeFailure(result, timeoutMs)}`,
      );
    }
    return result.stdout;
  };
}
