import type { Client, ClientChannel } from 'ssh2';
import type { HostState, HostStatus } from '../../shared/types';
import { TypedEmitter } from '../typed-emitter';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import type { Limiter } from './connect-limiter';
import type { JumpLease, JumpPool } from './jump-pool';
import { canonicalHostName, systemLookup, type CanonicalName, type HostLookup } from './host-canonicalizer';
import { FatalConnectError, sshHandshake, type HandshakeDeps, type JumpRoute } from './ssh-handshake';
import type { ResolvedSshHost } from './ssh-config-resolver';

/** Where one profile host is reached, after ~/.ssh/config: the target and its ProxyJump hops, outermost first. */
export interface HostEndpoint {
  name: string;
  target: ResolvedSshHost;
  jumps: ResolvedSshHost[];
  /** The target resolved again for the full name CanonicalizeHostname makes of its name. */
  canonical?: (fullName: string) => ResolvedSshHost;
}

export interface ConnectionDeps extends HandshakeDeps {
  /** Bounds simultaneous handshakes across the fleet. */
  handshakes: Limiter;
  /** Jump connections shared by the hosts behind the same ProxyJump chain. */
  jumps: JumpPool;
  backoff?: BackoffPolicy;
  random?: () => number;
  now?: () => number;
  /** Resolves the full names CanonicalizeHostname tries (default: the system's resolver). */
  lookup?: HostLookup;
}

interface ConnectionEvents {
  status: HostStatus;
  /** A fresh SSH connection is ready (first connect and every reconnect). */
  ready: Client;
  /** The live connection was lost; channels on it are gone. */
  lost: void;
}

/**
 * One SSH connection to one host identity, kept alive: keepalives detect a dead peer, and a lost
 * connection is re-established with exponential backoff and jitter. Host keys are verified before any
 * credential is offered, on every hop.
 */
export class HostConnection extends TypedEmitter<ConnectionEvents> {
  private client: Client | null = null;
  private jumpLease: JumpLease | null = null;
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
    this.client?.end();
    this.client = null;
    this.jumpLease?.release();
    this.jumpLease = null;
  }

  /**
   * The target, its name made full first where ~/.ssh/config asks for it (CanonicalizeHostname), and read
   * again for that name, as ssh does on every connection.
   */
  private async canonicalTarget(): Promise<ResolvedSshHost> {
    const { target, jumps, canonical, name } = this.endpoint;
    let full: CanonicalName | null;
    try {
      const viaProxy = jumps.length > 0 || target.proxyCommand !== null;
      full = await canonicalHostName(target, viaProxy, this.deps.lookup ?? systemLookup);
      if (full === null || canonical === undefined) return target;
      return { ...canonical(full.name), address: full.address };
    } catch (err) {
      throw new FatalConnectError(`${name}: ${(err as Error).message}`);
    }
  }

  /** Connects through the shared jump connection (each hop verified against its own entry), then to the target. */
  private async openChain(): Promise<Client> {
    let route: JumpRoute | undefined;
    let release: () => void = () => undefined;
    const target = await this.canonicalTarget();
    if (this.endpoint.jumps.length > 0) {
      const lease = await this.deps.jumps.acquire(this.endpoint.jumps, this.endpoint.name);
      this.jumpLease = lease;
      release = await lease.handshakes.acquire();
      const reopen = () => lease.forward(target.hostName, target.port);
      route = { sock: await reopen(), reopen };
    }
    try {
      const client = await sshHandshake(target, route, this.endpoint.name, this.deps, () =>
        this.setState('authenticating'),
      );
      this.client = client;
      return client;
    } finally {
      release();
    }
  }
}
