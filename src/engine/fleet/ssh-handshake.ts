import { existsSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import type { Duplex } from 'node:stream';
import { Client, type CompressionAlgorithm, type ConnectConfig } from 'ssh2';
import { createAuthHandler, describeAuthFailure } from '../credentials/auth-plan';
import type { SecretSource } from '../credentials/secret-source';
import { describeNetworkError } from './connection-errors';
import { fetchHostCertificate, readServerAlgorithms } from './ssh-kex-probe';
import type { HostCertificateSource, HostKeyGuard, HostKeyPrompt, HostKeyRefusal } from './host-key-guard';
import { expandProxyCommand, startProxyCommand } from './proxy-command';
import { describeMismatch, mismatchedList, offeredAlgorithms } from './ssh-algorithms';
import type { ResolvedSshHost } from './ssh-config-resolver';

/** A failure that retrying would not fix (host key refused, authentication refused). */
export class FatalConnectError extends Error {}

export interface HandshakeDeps {
  hostKeys: HostKeyGuard;
  secrets: SecretSource;
  agentSocket?: string;
  hostKeyPrompt?: HostKeyPrompt;
  /** Keepalive used when ~/.ssh/config sets no ServerAliveInterval. */
  defaultKeepaliveSec?: number;
  defaultConnectTimeoutSec?: number;
}

const DEFAULT_KEEPALIVE_SEC = 10;
const DEFAULT_CONNECT_TIMEOUT_SEC = 20;
/** How long a failed connection waits for its ProxyCommand's exit status, to name why it failed. */
const PROXY_EXIT_WAIT_MS = 1000;
/** What Compression yes offers, as ssh: zlib once authenticated first, then zlib, then none. */
const COMPRESSION_FIRST: CompressionAlgorithm[] = ['zlib@openssh.com', 'zlib', 'none'];
/** Longest wait for a host's answer when it is asked for its certificate or its algorithms. */
const PROBE_WAIT_MS = 10_000;

/** A stream to the host through a jump host, and a way to open another one the same way. */
export interface JumpRoute {
  sock: Duplex;
  reopen(): Promise<Duplex>;
}

/**
 * One SSH handshake, like OpenSSH's: the server's key is checked against known_hosts before any
 * credential is offered, then the agent, keys and secrets are tried in order; keepalives follow
 * ServerAliveInterval/CountMax. `name` is the profile host the connection serves (for messages). Without
 * a stream from a jump host, a ProxyCommand from ~/.ssh/config carries the connection, as with ssh.
 */
export async function sshHandshake(
  host: ResolvedSshHost,
  jump: JumpRoute | undefined,
  name: string,
  deps: HandshakeDeps,
  onAuthenticating: () => void = () => undefined,
): Promise<Client> {
  let proxyCommand: string | null = null;
  try {
    if (jump === undefined && host.proxyCommand !== null)
      proxyCommand = expandProxyCommand({ ...host, proxyCommand: host.proxyCommand });
  } catch (err) {
    throw new FatalConnectError(`${name}: ${(err as Error).message}`);
  }
  const agentSocket = agentSocketFor(host, deps.agentSocket);
  const proxyEnv = { ...process.env, ...(agentSocket ? { SSH_AUTH_SOCK: agentSocket } : {}) };
  // The host's certificate and algorithms are asked for over connections of their own, made like this one.
  const openAnother = async (): Promise<Duplex> => {
    if (jump) return jump.reopen();
    if (proxyCommand !== null) {
      const another = startProxyCommand(proxyCommand, proxyEnv);
      another.sock.once('close', () => another.stop());
      return another.sock;
    }
    return connectTcp({ host: host.address ?? host.hostName, port: host.port });
  };
  const certificates: HostCertificateSource = async (algorithms) =>
    fetchHostCertificate(await openAnother(), algorithms, PROBE_WAIT_MS);
  // Until the client takes it, the stream through a jump host is closed here on failure: left open, it
  // would last as long as the jump host's connection.
  const abandonRoute = <E>(err: E): E => {
    jump?.sock.destroy();
    return err;
  };
  const hostKeyOrder = await deps.hostKeys.preferredAlgorithms(host, certificates).catch((err: unknown) => {
    throw abandonRoute(err);
  });
  let algorithms: ConnectConfig['algorithms'];
  try {
    algorithms = offeredAlgorithms(host.algorithms, hostKeyOrder);
    if (host.compression) algorithms = { ...algorithms, compress: COMPRESSION_FIRST };
  } catch (err) {
    throw abandonRoute(new FatalConnectError(`${name}: ${(err as Error).message}`));
  }
  const client = new Client();
  const proxy = proxyCommand !== null ? startProxyCommand(proxyCommand, proxyEnv) : null;
  if (proxy) client.once('close', () => proxy.stop());
  const who = `${host.user}@${host.hostName}${host.port === 22 ? '' : `:${host.port}`}`;
  const { handler, attempts } = createAuthHandler({
    username: host.user,
    host: name,
    account: `${host.user}@${host.hostName}:${host.port}`,
    agentSocket,
    identityFiles: host.identityFiles,
    identitiesOnly: host.identitiesOnly,
    secrets: deps.secrets,
    preferredMethods: host.preferredAuthentications,
  });
  let refusal: HostKeyRefusal | null = null;
  const keepaliveSec = host.serverAliveIntervalSec || (deps.defaultKeepaliveSec ?? DEFAULT_KEEPALIVE_SEC);
  const config: ConnectConfig = {
    host: host.address ?? host.hostName,
    port: host.port,
    username: host.user,
    sock: proxy?.sock ?? jump?.sock,
    authHandler: handler,
    keepaliveInterval: keepaliveSec * 1000,
    keepaliveCountMax: host.serverAliveCountMax,
    readyTimeout:
      (host.connectTimeoutSec ?? deps.defaultConnectTimeoutSec ?? DEFAULT_CONNECT_TIMEOUT_SEC) * 1000,
    agentForward: false,
    ...(algorithms ? { algorithms } : {}),
    hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
      deps.hostKeys
        .verify(host, key, name, deps.hostKeyPrompt, certificates)
        .then((outcome) => {
          refusal = outcome;
          verify(outcome === null);
        })
        .catch((err: Error) => {
          refusal = { message: `host key check for ${name} failed: ${err.message}` };
          verify(false);
        });
    },
  };
  return new Promise((resolve, reject) => {
    client.once('ready', () => {
      client.removeAllListeners('error');
      client.on('error', () => undefined); // later errors surface as 'close'
      resolve(client);
    });
    // Only the first error decides; a socket can report more than one while it closes.
    client.on('error', () => undefined);
    client.once('error', (err: Error & { level?: string }) => {
      client.end();
      if (refusal) reject(new FatalConnectError(refusal.message));
      else if (err.level === 'client-authentication')
        // Certificates are looked for only once a login was refused: nothing to read on every connect.
        reject(
          new FatalConnectError(describeAuthFailure(who, attempts, { certificates: userCertificates(host) })),
        );
      else if (TOO_MANY_AUTH_FAILURES.test(err.message))
        reject(new FatalConnectError(describeAuthFailure(who, attempts, { cutShort: true })));
      else if (mismatchedList(err.message) !== null) {
        // Retrying would meet the same lists: say what the host offers, read over a connection of its own.
        const kind = mismatchedList(err.message)!;
        const where = `${host.hostName}:${host.port} (${name})`;
        void openAnother()
          .then((transport) => readServerAlgorithms(transport, PROBE_WAIT_MS))
          .then(
            (server) => describeMismatch(kind, server[kind], where),
            () => `${where}: ${err.message}`,
          )
          .then((message) => reject(new FatalConnectError(message)));
      } else if (proxy)
        void proxy
          .failure(PROXY_EXIT_WAIT_MS)
          .then((why) =>
            reject(
              new Error(
                why
                  ? `${name}: ProxyCommand "${proxyCommand}" ${why}`
                  : describeNetworkError(err, name, host),
              ),
            ),
          );
      else reject(new Error(describeNetworkError(err, name, host)));
    });
    client.once('handshake', onAuthenticating);
    client.connect(config);
  });
}

/** The user certificates OpenSSH would present: CertificateFile entries, and `<identity>-cert.pub` beside each key. */
function userCertificates(host: ResolvedSshHost): string[] {
  const candidates = [...host.certificateFiles, ...host.identityFiles.map((file) => `${file}-cert.pub`)];
  return [...new Set(candidates)].filter((file) => existsSync(file));
}

/** sshd's words when a login reaches its MaxAuthTries: it disconnects instead of refusing. */
const TOO_MANY_AUTH_FAILURES = /too many authentication failures/i;

/** The agent to ask for keys: the host's IdentityAgent when ~/.ssh/config gives one, else the default. */
function agentSocketFor(host: ResolvedSshHost, fallback: string | undefined): string | undefined {
  const agent = host.identityAgent;
  if (agent === null || agent === 'SSH_AUTH_SOCK') return fallback;
  if (agent === 'none') return undefined;
  if (agent.startsWith('$')) return process.env[agent.slice(1)] || undefined;
  return agent;
}

/** Opens a TCP stream from `client`'s host to host:port (ssh -J's direct-tcpip). */
export function forwardThrough(client: Client, via: string, host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) =>
    client.forwardOut('127.0.0.1', 0, host, port, (err, stream) =>
      err
        ? reject(new Error(`${via} could not open a connection to ${host}:${port}: ${err.message}`))
        : resolve(stream),
    ),
  );
}
