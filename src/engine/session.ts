import type { SessionInfo, SourceStats } from '../shared/api';
import type { Profile, ProfileApplication, ProfileHost, ProfileLogSource } from '../shared/profile-schema';
import type { HostMetricsSample, HostStatus } from '../shared/types';
import type { SecretSource } from './credentials/secret-source';
import { DisposableStore, toDisposable, type Disposable } from './disposable';
import type { BackoffPolicy } from './fleet/backoff';
import type { Limiter } from './fleet/connect-limiter';
import type { HostLookup } from './fleet/host-canonicalizer';
import { resolveEndpoint } from './fleet/endpoint-resolver';
import { HostConnection, type HostEndpoint } from './fleet/host-connection';
import { HostKeyGuard, type HostKeyPrompt } from './fleet/host-key-guard';
import { GlobWatcher, isGlobPath } from './fleet/glob-watcher';
import { HostProbe } from './fleet/host-probe';
import { JumpPool } from './fleet/jump-pool';
import { LogTail } from './fleet/log-tail';
import { ReadPacer } from './fleet/read-pacer';
import type { SshConfigContext } from './fleet/ssh-config-resolver';
import type { SourceParserOptions } from './ingest/parser/source-parser';
import type { IngestBacklog } from './ingest/remote-parsing';
import type { SourceIdentity, SourceIngestPort } from './ingest/source-ingest';

/**
 * Channels one connection carries. sshd's MaxSessions is 10 by default; two stay free for the metrics
 * probe and a terminal, and a host with more logs gets another connection.
 */
export const TAILS_PER_CONNECTION = 8;

/** A measured clock offset smaller than this is within the measurement's own error (half a round trip). */
const CLOCK_OFFSET_APPLIED_FROM_MS = 100;

export interface SessionDeps {
  ssh: SshConfigContext;
  agentSocket?: string;
  /** Resolves the full names ~/.ssh/config's CanonicalizeHostname tries (default: the system's resolver). */
  lookup?: HostLookup;
  secrets: SecretSource;
  hostKeyPrompt?: HostKeyPrompt;
  handshakes: Limiter;
  backoff?: BackoffPolicy;
  defaultKeepaliveSec?: number;
  backlogBytes: number;
  /** Seconds between host metric samples; 0 turns the probe off. */
  metricsIntervalSec: number;
  /** How often a log path with wildcards is expanded again on the host to pick up new files. */
  globRescanMs: number;
  /** How long a multi-line event may wait for continuation lines once its source goes quiet. */
  multilineIdleMs: number;
  /** How long a started follower may say nothing before its log is said not to be read (default 15 s). */
  followerSilenceMs?: number;
  now: () => number;
  onHostStatus(status: HostStatus): void;
  /** Lines handed on to a parse worker and not parsed yet: reading waits while it is full. */
  ingestBacklog?: IngestBacklog;
  /** Where a source's lines are turned into events and rows of the window (here, or on a parse worker). */
  openIngest(
    identity: SourceIdentity,
    options: SourceParserOptions,
    clockOffsetMs: () => number,
  ): SourceIngestPort;
  onMetrics(sample: HostMetricsSample): void;
  onDiagnostic(host: string, text: string): void;
}

export interface SessionSelection {
  profileFile: string;
  profile: Profile;
  environment: string;
}

/** A host's connections: the first carries the host's state; more are opened when its logs need more channels. */
interface HostLanes {
  endpoint: HostEndpoint;
  lanes: Lane[];
}

/** One connection of a host and the tails it carries. */
interface Lane {
  connection: HostConnection;
  tails: number;
  /** The host refused it another session (sshd's MaxSessions is lower than TAILS_PER_CONNECTION allows for). */
  full: boolean;
}

/**
 * One selection of a profile: a connection per host (more when it has many logs), a tail per
 * (host, log) of each active application, ingest into the store. Loaded in standby, nothing connects
 * until an application is activated.
 */
export class Session implements Disposable {
  private readonly hosts = new Map<string, HostLanes>();
  private readonly disposables = new DisposableStore();
  private readonly hostKeys = new HostKeyGuard();
  private readonly jumps: JumpPool;
  private readonly active = new Set<string>();
  private readonly tails: { app: string; tail: LogTail }[] = [];
  private readonly pacer = new ReadPacer(undefined, undefined, () => this.deps.ingestBacklog?.full ?? false);
  readonly startedAt: number;
  private readonly environment: Profile['environments'][number];

  constructor(
    private readonly selection: SessionSelection,
    private readonly deps: SessionDeps,
  ) {
    this.startedAt = deps.now();
    const env = selection.profile.environments.find((e) => e.name === selection.environment);
    if (!env) {
      const names = selection.profile.environments.map((e) => `"${e.name}"`).join(', ');
      throw new Error(
        `profile ${selection.profileFile} has no environment "${selection.environment}" (it has ${names})`,
      );
    }
    this.environment = env;
    this.jumps = new JumpPool({
      hostKeys: this.hostKeys,
      secrets: deps.secrets,
      agentSocket: deps.agentSocket,
      hostKeyPrompt: deps.hostKeyPrompt,
      defaultKeepaliveSec: deps.defaultKeepaliveSec,
    });
    this.disposables.add(this.jumps);
    this.disposables.add(this.pacer);
    if (this.deps.ingestBacklog)
      this.disposables.add(this.deps.ingestBacklog.onRoom(() => this.pacer.wake()));
  }

  get applications(): string[] {
    return this.environment.applications.map((a) => a.name);
  }

  /** Connects the hosts of these applications (all when empty) and starts tailing their logs. */
  activate(applications: string[]): void {
    const apps =
      applications.length === 0 ? this.environment.applications : applications.map((name) => this.app(name));
    for (const app of apps) {
      if (this.active.has(app.name)) continue;
      this.active.add(app.name);
      for (const hostName of app.hosts) {
        const host = this.environment.hosts.find((h) => h.name === hostName)!;
        for (const log of app.logs) {
          if (isGlobPath(log.path)) this.watchGlob(host, app.name, log);
          else this.tail(host, app.name, log);
        }
      }
    }
  }

  hostStatuses(): HostStatus[] {
    return this.environment.hosts.map(
      (h) =>
        this.hosts.get(h.name)?.lanes[0].connection.status ?? { host: h.name, state: 'standby' as const },
    );
  }

  info(): SessionInfo {
    return {
      profileFile: this.selection.profileFile,
      profileName: this.selection.profile.name,
      environment: this.selection.environment,
      applications: [...this.active],
      hosts: this.hostStatuses(),
      startedAt: this.startedAt,
      applicationHosts: Object.fromEntries(this.environment.applications.map((a) => [a.name, [...a.hosts]])),
    };
  }

  sourceStats(): SourceStats[] {
    return this.tails.map(({ app, tail }) => ({
      host: tail.host,
      app,
      source: tail.source.path,
      offset: tail.offset,
      bytesReceived: tail.bytesReceived,
      filtered: (tail.source.include?.length ?? 0) + (tail.source.exclude?.length ?? 0) > 0,
    }));
  }

  retry(host: string): void {
    for (const lane of this.hosts.get(host)?.lanes ?? []) lane.connection.retry();
  }

  /** The primary connection of a host, for the metrics probe, terminals and actions. */
  connection(host: string): HostConnection | null {
    return this.hosts.get(host)?.lanes[0]?.connection ?? null;
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private app(name: string): ProfileApplication {
    const app = this.environment.applications.find((a) => a.name === name);
    if (!app) throw new Error(`environment "${this.environment.name}" has no application "${name}"`);
    return app;
  }

  private lanesOf(host: ProfileHost): HostLanes {
    let entry = this.hosts.get(host.name);
    if (!entry) {
      const endpoint = resolveEndpoint(host, this.deps.ssh);
      entry = { endpoint, lanes: [] };
      this.hosts.set(host.name, entry);
      for (const hop of [...endpoint.jumps, endpoint.target])
        for (const note of hop.unapplied) this.deps.onDiagnostic(host.name, note);
    }
    return entry;
  }

  /** The connection a new tail of the host goes on: one with room, else a new one. */
  private laneFor(host: ProfileHost): HostConnection {
    const entry = this.lanesOf(host);
    const lane = entry.lanes.find((l) => !l.full && l.tails < TAILS_PER_CONNECTION) ?? this.openLane(entry);
    lane.tails++;
    return lane.connection;
  }

  /** A connection for short commands (glob expansion): the least loaded one with room, else a new one. */
  private spareLane(host: ProfileHost): HostConnection {
    const entry = this.lanesOf(host);
    const open = entry.lanes.filter((l) => !l.full).sort((a, b) => a.tails - b.tails);
    return (open[0] ?? this.openLane(entry)).connection;
  }

  /** The host refused `refused` another session: it takes no more, and a tail refused on it moves. */
  private sessionLimit(host: ProfileHost, refused: HostConnection, tailMoves: boolean): HostConnection {
    const entry = this.lanesOf(host);
    const lane = entry.lanes.find((l) => l.connection === refused);
    // A connection carrying nothing else (the first one carries the metrics probe) was refused too: the host
    // allows no session at all and more connections would not help; the refused work retries and says why.
    if (!lane || (lane.tails === (tailMoves ? 1 : 0) && lane !== entry.lanes[0])) return refused;
    lane.full = true;
    if (!tailMoves) return refused;
    lane.tails--;
    return this.laneFor(host);
  }

  private openLane(entry: HostLanes): Lane {
    const first = entry.lanes.length === 0;
    const connection = new HostConnection(entry.endpoint, {
      hostKeys: this.hostKeys,
      secrets: this.deps.secrets,
      agentSocket: this.deps.agentSocket,
      lookup: this.deps.lookup,
      handshakes: this.deps.handshakes,
      jumps: this.jumps,
      hostKeyPrompt: this.deps.hostKeyPrompt,
      backoff: this.deps.backoff,
      defaultKeepaliveSec: this.deps.defaultKeepaliveSec,
      now: this.deps.now,
    });
    this.disposables.add(connection);
    if (first) {
      this.disposables.add(connection.on('status', (s) => this.deps.onHostStatus(s)));
      if (this.deps.metricsIntervalSec > 0) {
        this.disposables.add(
          new HostProbe(connection, {
            intervalSec: this.deps.metricsIntervalSec,
            now: this.deps.now,
            onClockOffset: (ms) => connection.setClockOffset(ms),
            onSample: (sample) => this.deps.onMetrics(sample),
          }),
        );
      }
    }
    const lane: Lane = { connection, tails: 0, full: false };
    entry.lanes.push(lane);
    connection.start();
    return lane;
  }

  private watchGlob(host: ProfileHost, app: string, log: ProfileLogSource): void {
    this.disposables.add(
      new GlobWatcher(() => this.spareLane(host), log.path, {
        sudo: log.sudo,
        intervalMs: this.deps.globRescanMs,
        onSessionLimit: (refused) => this.sessionLimit(host, refused, false),
        isFollowed: ({ inode, head }) =>
          this.tails.some(({ tail }) => tail.host === host.name && tail.hasRead(inode, head)),
        onFiles: (paths, first) => {
          for (const path of paths) this.tail(host, app, { ...log, path }, !first);
        },
      }),
    );
  }

  /** `fromStart` for files that appeared after the session began: all of their lines are new. */
  private tail(profileHost: ProfileHost, app: string, log: ProfileLogSource, fromStart = false): void {
    const connection = this.laneFor(profileHost);
    const host = connection.endpoint.name;
    const ingest = this.deps.openIngest(
      { host, app, source: log.path },
      { format: log.format, timezone: log.timezone },
      () => {
        const offset = this.hosts.get(host)?.lanes[0].connection.status.clockOffsetMs ?? 0;
        return Math.abs(offset) >= CLOCK_OFFSET_APPLIED_FROM_MS ? offset : 0;
      },
    );
    this.disposables.add(ingest);
    let idleTimer: NodeJS.Timeout | null = null;
    // A multi-line event still open when the source goes quiet is complete.
    const flushWhenQuiet = () => {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(() => ingest.flush(), this.deps.multilineIdleMs);
    };
    this.disposables.add(toDisposable(() => idleTimer && clearTimeout(idleTimer)));
    const tail = this.disposables.add(
      new LogTail(
        connection,
        { path: log.path, sudo: log.sudo, include: log.include, exclude: log.exclude },
        {
          lines: (lines) => {
            ingest.lines(lines);
            flushWhenQuiet();
          },
          text: (text) => {
            ingest.text(text);
            flushWhenQuiet();
          },
          marker: (kind, text) => ingest.marker(kind, text),
          diagnostic: (text) => this.deps.onDiagnostic(host, `${log.path}: ${text}`),
          // The profile's timezone, when it gives one, is the source's; else the host's own.
          zone: (offset, name) => {
            if (log.timezone === undefined) ingest.useHostZone(offset, name);
          },
        },
        {
          backlogBytes: fromStart ? Number.MAX_SAFE_INTEGER : this.deps.backlogBytes,
          pacer: this.pacer,
          moveOnSessionLimit: (refused) => this.sessionLimit(profileHost, refused, true),
          silenceMs: this.deps.followerSilenceMs,
        },
      ),
    );
    this.tails.push({ app, tail });
  }
}
