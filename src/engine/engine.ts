import { userInfo } from 'node:os';
import type {
  EventName,
  EventPayload,
  RequestParams,
  RequestResult,
  SessionInfo,
  StreamPage,
  WatchfloorRequests,
} from '../shared/api';
import type { LogEvent } from '../shared/types';
import { noSecrets, type SecretSource } from './credentials/secret-source';
import type { Disposable } from './disposable';
import { Limiter } from './fleet/connect-limiter';
import type { HostKeyPrompt } from './fleet/host-key-guard';
import { ProfileLibrary } from './profiles/profile-library';
import { Session } from './session';
import { MergedStore } from './store/merged-store';
import { TypedEmitter } from './typed-emitter';

export type EngineEvents = { [E in EventName]: EventPayload<E> };

export interface EngineOptions {
  profilesDir: string;
  /** The operator's home: ~/.ssh/config, keys and known_hosts are read from here. */
  home: string;
  /** ssh-agent socket (SSH_AUTH_SOCK). */
  agentSocket?: string;
  localUser?: string;
  secrets?: SecretSource;
  hostKeyPrompt?: HostKeyPrompt;
  /** Most lines kept in the window. */
  maxLines?: number;
  /** Simultaneous SSH handshakes (sshd drops handshakes past MaxStartups, 10 by default). */
  maxHandshakes?: number;
  backlogBytes?: number;
  /** Pushes to front ends are coalesced to at most one per this interval. */
  deltaIntervalMs?: number;
  now?: () => number;
}

const DEFAULTS = {
  maxLines: 2_000_000,
  maxHandshakes: 10,
  backlogBytes: 64 * 1024,
  deltaIntervalMs: 50,
};

/** The composition root: profiles, fleet, ingest and store behind the contract's requests and events. */
export class Engine implements WatchfloorRequests, Disposable {
  readonly events = new TypedEmitter<EngineEvents>();
  readonly profiles: ProfileLibrary;
  private store: MergedStore;
  private session: Session | null = null;
  private deltaTimer: NodeJS.Timeout | null = null;
  private lastDeltaAppended = 0;
  private readonly now: () => number;
  private readonly handshakes: Limiter;

  constructor(private readonly options: EngineOptions) {
    this.profiles = new ProfileLibrary(options.profilesDir);
    this.now = options.now ?? Date.now;
    this.store = new MergedStore(options.maxLines ?? DEFAULTS.maxLines);
    this.handshakes = new Limiter(options.maxHandshakes ?? DEFAULTS.maxHandshakes);
  }

  async listProfiles(): Promise<RequestResult<'listProfiles'>> {
    return this.profiles.list();
  }

  async connect(params: RequestParams<'connect'>): Promise<SessionInfo> {
    const profile = await this.profiles.load(params.profileFile);
    await this.disconnect();
    this.store = new MergedStore(this.options.maxLines ?? DEFAULTS.maxLines);
    this.lastDeltaAppended = 0;
    const session = new Session(
      {
        profileFile: params.profileFile,
        profile,
        environment: params.environment,
        applications: params.applications ?? [],
      },
      {
        ssh: { home: this.options.home, localUser: this.options.localUser ?? userInfo().username },
        agentSocket: this.options.agentSocket,
        secrets: this.options.secrets ?? noSecrets,
        hostKeyPrompt: this.options.hostKeyPrompt,
        handshakes: this.handshakes,
        backlogBytes: this.options.backlogBytes ?? DEFAULTS.backlogBytes,
        multilineIdleMs: 250,
        now: this.now,
        onHostStatus: (status) => this.events.emit('hostStatus', status),
        onEvents: (events) => this.ingest(events),
        onDiagnostic: () => undefined,
      },
    );
    this.session = session;
    session.start();
    const info = session.info();
    this.events.emit('session', info);
    return info;
  }

  async disconnect(): Promise<void> {
    if (!this.session) return;
    this.session.dispose();
    this.session = null;
    this.events.emit('session', null);
  }

  async getSession(): Promise<SessionInfo | null> {
    return this.session?.info() ?? null;
  }

  async getStreamPage(params: RequestParams<'getStreamPage'>): Promise<StreamPage> {
    return {
      total: this.store.size,
      evicted: this.store.evicted,
      rows: this.store.page(params.from, params.count),
    };
  }

  dispose(): void {
    this.session?.dispose();
    this.session = null;
    if (this.deltaTimer) clearTimeout(this.deltaTimer);
    this.deltaTimer = null;
  }

  private ingest(events: LogEvent[]): void {
    this.store.add(events);
    if (this.deltaTimer) return;
    this.deltaTimer = setTimeout(() => {
      this.deltaTimer = null;
      const appended = this.store.appended - this.lastDeltaAppended;
      this.lastDeltaAppended = this.store.appended;
      this.events.emit('streamDelta', { total: this.store.size, evicted: this.store.evicted, appended });
    }, this.options.deltaIntervalMs ?? DEFAULTS.deltaIntervalMs);
  }
}
