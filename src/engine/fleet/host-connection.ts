import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import type { Readable } from 'node:stream';
import type { HostState, HostStatus } from '../../shared/types';
import { createAuthHandler, describeAuthFailure, type AuthAttempts } from '../credentials/auth-plan';
import type { SecretSource } from '../credentials/secret-source';
import { TypedEmitter } from '../typed-emitter';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import type { Limiter } from './connect-limiter';
import { describeNetworkError } from './connection-errors';
import { HostKeyGuard, type HostKeyPrompt, type HostKeyRefusal } from './host-key-guard';
import type { ResolvedSshHost } from './ssh-config-resolver';

/** Where one profile host is reached, after ~/.ssh/config: the target and its ProxyJump hops, outermost first. */
export interface HostEndpoint {
  name: string;
  target: ResolvedSshHost;
  jumps: ResolvedSshHost[];
}

export interface ConnectionDeps {
  hostKeys: HostKeyGuard;
  secrets: SecretSource;
  agentSocket?: string;
  /** Bounds simultaneous handshakes across the fleet. */
  handshakes: Limiter;
  hostKeyPrompt?: HostKeyPrompt;
  backoff?: BackoffPolicy;
  /** Keepalive used when ~/.ssh/config sets no ServerAliveInterval. */
  defaultKeepaliveSec?: number;
  defaultConnectTimeoutSec?: number;
  random?: () => number;
  now?: () => number;
}

interface ConnectionEvents {
  status: HostStatus;
  /** A fresh SSH connection is ready (first connect and every reconnect). */
  ready: Client;
  /** The live connection was lost; channels on it are gone. */
  lost: void;
}

/** A fatal failure: retrying would not help (host key refused, authentication refused). */
class FatalConnectError extends Error {}

const DEFAULT_KEEPALIVE_SEC = 10;
const DEFAULT_CONNECT_TIMEOUT_SEC = 20;

/**
 * One SSH connection to one host identity, kept alive: keepalives detect a dead peer, and a lost
 * connection is re-established with exponential backoff and jitter. Host keys are verified before any
 * credential is offered, on every hop.
 */
export class HostConnection extends TypedEmitter<ConnectionEvents> {
  private client: Client | null = null;
  private hops: Client[] = [];
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private disposed = false;
  private current: HostStatus;
  private clockOffsetMs: number | undefined;

  constructor(
    readonly endpoint: HostEndpoint,
    private readonly deps: ConnectionDeps,
  ) {
    super();
    this.current = { host: endpoint.name, state: 'standby' };
  }

  get status(): HostStatus {
    return this.current;
  }

  get liveClient(): Client | null {
    return this.current.state === 'live' ? this.client : null;
  }

  start(): void {
    if (this.disposed || this.client || this.timer) return;
    void this.connectOnce();
  }

  /** Runs a command on the live connection. */
  exec(command: string): Promise<ClientChannel> {
    const client = this.liveClient;
    if (!client) return Promise.reject(new Error(`${this.endpoint.name} is not connected`));
    return new Promise((resolve, reject) =>
      client.exec(command, (err, channel) => (err ? reject(err) : resolve(channel))),
    );
  }

  /** Retries now, skipping the rest of a backoff delay or leaving `failed`. */
  retry(): void {
    if (this.disposed || this.current.state === 'live' || this.current.state === 'connecting') return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.connectOnce();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.teardown();
    this.setStatus({ host: this.endpoint.name, state: 'standby' });
  }

  private setStatus(status: HostStatus): void {
    this.current = status;
    this.emit('status', status);
  }

  private setState(state: HostState, extra: Partial<HostStatus> = {}): void {
    const clock = this.clockOffsetMs === undefined ? {} : { clockOffsetMs: this.clockOffsetMs };
    this.setStatus({ host: this.endpoint.name, state, ...clock, ...extra });
  }

  /** Records the host's measured clock offset (remote minus local); it is applied to every timestamp read from it. */
  setClockOffset(offsetMs: number): void {
    this.clockOffsetMs = Math.round(offsetMs);
    this.setStatus({ ...this.current, clockOffsetMs: this.clockOffsetMs });
  }

  private async connectOnce(): Promise<void> {
    this.attempt++;
    this.setState('connecting', this.attempt > 1 ? { attempt: this.attempt } : {});
    const release = await this.deps.handshakes.acquire();
    if (this.disposed) return release();
    try {
      const client = await this.openChain();
      release();
      if (this.disposed) {
        client.end();
        return;
      }
      this.attempt = 0;
      client.on('close', () => this.onLost(client));
      this.setState('live');
      this.emit('ready', client);
    } catch (err) {
      release();
      this.teardown();
      if (this.disposed) return;
      if (err instanceof FatalConnectError) {
        this.setState('failed', { reason: err.message });
      } else {
        this.scheduleReconnect((err as Error).message);
      }
    }
  }

  private onLost(client: Client): void {
    if (this.disposed || client !== this.client) return;
    this.teardown();
    this.emit('lost', undefined);
    this.scheduleReconnect(`connection to ${this.endpoint.name} was lost`);
  }

  private scheduleReconnect(reason: string): void {
    const delay = backoffDelay(this.attempt, this.deps.backoff ?? DEFAULT_BACKOFF, this.deps.random);
    const now = (this.deps.now ?? Date.now)();
    this.setState('reconnecting', { reason, attempt: this.attempt, nextTryAt: now + delay });
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connectOnce();
    }, delay);
  }

  private teardown(): void {
    const clients = [this.client, ...this.hops.reverse()];
    this.client = null;
    this.hops = [];
    for (const c of clients) {
      c?.removeAllListeners('ready');
      c?.end();
    }
  }

  /** Connects through every ProxyJump hop to the target; each hop verified against its own known_hosts entry. */
  private async openChain(): Promise<Client> {
    let sock: Readable | undefined;
    for (const hop of this.endpoint.jumps) {
      const client = await this.handshake(hop, sock);
      this.hops.push(client);
      const next = this.endpoint.jumps[this.hops.length] ?? this.endpoint.target;
      sock = await new Promise<Readable>((resolve, reject) =>
        client.forwardOut('127.0.0.1', 0, next.hostName, next.port, (err, stream) =>
          err
            ? reject(
                new Error(
                  `${hop.alias} could not open a connection to ${next.hostName}:${next.port}: ${err.message}`,
                ),
              )
            : resolve(stream),
        ),
      );
    }
    const client = await this.handshake(this.endpoint.target, sock);
    this.client = client;
    return client;
  }

  private handshake(host: ResolvedSshHost, sock: Readable | undefined): Promise<Client> {
    const client = new Client();
    const who = `${host.user}@${host.hostName}${host.port === 22 ? '' : `:${host.port}`}`;
    const { handler, attempts } = createAuthHandler({
      username: host.user,
      host: this.endpoint.name,
      account: `${host.user}@${host.hostName}:${host.port}`,
      agentSocket: this.deps.agentSocket,
      identityFiles: host.identityFiles,
      identitiesOnly: host.identitiesOnly,
      secrets: this.deps.secrets,
    });
    let refusal: HostKeyRefusal | null = null;
    const keepaliveSec =
      host.serverAliveIntervalSec || (this.deps.defaultKeepaliveSec ?? DEFAULT_KEEPALIVE_SEC);
    const config: ConnectConfig = {
      host: host.hostName,
      port: host.port,
      username: host.user,
      sock,
      authHandler: handler,
      keepaliveInterval: keepaliveSec * 1000,
      keepaliveCountMax: host.serverAliveCountMax,
      readyTimeout:
        (host.connectTimeoutSec ?? this.deps.defaultConnectTimeoutSec ?? DEFAULT_CONNECT_TIMEOUT_SEC) * 1000,
      agentForward: false,
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        this.deps.hostKeys
          .verify(host, key, this.endpoint.name, this.deps.hostKeyPrompt)
          .then((outcome) => {
            refusal = outcome;
            verify(outcome === null);
          })
          .catch((err: Error) => {
            refusal = { message: `host key check for ${this.endpoint.name} failed: ${err.message}` };
            verify(false);
          });
      },
    };
    if (this.endpoint.jumps.length === 0 || host !== this.endpoint.target) this.setState('connecting');

    return new Promise((resolve, reject) => {
      client.once('ready', () => {
        client.removeAllListeners('error');
        client.on('error', () => undefined); // later errors surface as 'close'
        resolve(client);
      });
      client.once('error', (err: Error & { level?: string }) => {
        client.end();
        reject(this.classify(err, host, who, refusal, attempts));
      });
      client.once('handshake', () => this.setState('authenticating'));
      client.connect(config);
    });
  }

  private classify(
    err: Error & { level?: string },
    host: ResolvedSshHost,
    who: string,
    refusal: HostKeyRefusal | null,
    attempts: AuthAttempts,
  ): Error {
    if (refusal) return new FatalConnectError(refusal.message);
    if (err.level === 'client-authentication')
      return new FatalConnectError(describeAuthFailure(who, attempts));
    return new Error(describeNetworkError(err, this.endpoint.name, host));
  }
}
