import type { SessionInfo } from '../shared/api';
import type { Profile } from '../shared/profile-schema';
import type { HostStatus, LogEvent } from '../shared/types';
import type { SecretSource } from './credentials/secret-source';
import { DisposableStore, toDisposable, type Disposable } from './disposable';
import type { Limiter } from './fleet/connect-limiter';
import { resolveEndpoint } from './fleet/endpoint-resolver';
import { HostConnection } from './fleet/host-connection';
import { HostKeyGuard, type HostKeyPrompt } from './fleet/host-key-guard';
import { LogTail } from './fleet/log-tail';
import type { SshConfigContext } from './fleet/ssh-config-resolver';
import { SourceIngest } from './ingest/source-ingest';

export interface SessionDeps {
  ssh: SshConfigContext;
  agentSocket?: string;
  secrets: SecretSource;
  hostKeyPrompt?: HostKeyPrompt;
  handshakes: Limiter;
  backlogBytes: number;
  /** How long a multi-line event may wait for continuation lines once its source goes quiet. */
  multilineIdleMs: number;
  now: () => number;
  onHostStatus(status: HostStatus): void;
  onEvents(events: LogEvent[]): void;
  onDiagnostic(host: string, text: string): void;
}

export interface SessionSelection {
  profileFile: string;
  profile: Profile;
  environment: string;
  /** Applications to activate; all when empty. */
  applications: string[];
}

/** One connected selection of a profile: a connection per host, a tail per (host, log), ingest into the store. */
export class Session implements Disposable {
  private readonly connections = new Map<string, HostConnection>();
  private readonly disposables = new DisposableStore();
  readonly startedAt: number;
  readonly applications: string[];

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
    const apps =
      selection.applications.length === 0
        ? env.applications
        : selection.applications.map((name) => {
            const app = env.applications.find((a) => a.name === name);
            if (!app) throw new Error(`environment "${env.name}" has no application "${name}"`);
            return app;
          });
    this.applications = apps.map((a) => a.name);

    const hostGuard = new HostKeyGuard();
    const usedHosts = new Set(apps.flatMap((a) => a.hosts));
    for (const host of env.hosts.filter((h) => usedHosts.has(h.name))) {
      const connection = new HostConnection(resolveEndpoint(host, deps.ssh), {
        hostKeys: hostGuard,
        secrets: deps.secrets,
        agentSocket: deps.agentSocket,
        handshakes: deps.handshakes,
        hostKeyPrompt: deps.hostKeyPrompt,
        now: deps.now,
      });
      this.disposables.add(connection.on('status', (s) => deps.onHostStatus(s)));
      this.disposables.add(connection);
      this.connections.set(host.name, connection);
    }
    for (const app of apps) {
      for (const hostName of app.hosts) {
        const connection = this.connections.get(hostName)!;
        for (const log of app.logs) this.tail(connection, app.name, log);
      }
    }
  }

  start(): void {
    for (const connection of this.connections.values()) connection.start();
  }

  hostStatuses(): HostStatus[] {
    return [...this.connections.values()].map((c) => c.status);
  }

  info(): SessionInfo {
    return {
      profileFile: this.selection.profileFile,
      profileName: this.selection.profile.name,
      environment: this.selection.environment,
      applications: this.applications,
      hosts: this.hostStatuses(),
      startedAt: this.startedAt,
    };
  }

  retry(host: string): void {
    this.connections.get(host)?.retry();
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private tail(
    connection: HostConnection,
    app: string,
    log: Profile['environments'][number]['applications'][number]['logs'][number],
  ): void {
    const host = connection.endpoint.name;
    const ingest = new SourceIngest(
      { host, app, source: log.path },
      { format: log.format, timezone: log.timezone },
      () => connection.status.clockOffsetMs ?? 0,
      this.deps.now,
    );
    let idleTimer: NodeJS.Timeout | null = null;
    const emit = (events: LogEvent[]) => {
      if (events.length > 0) this.deps.onEvents(events);
    };
    this.disposables.add(toDisposable(() => idleTimer && clearTimeout(idleTimer)));
    this.disposables.add(
      new LogTail(
        connection,
        { path: log.path, sudo: log.sudo, include: log.include, exclude: log.exclude },
        {
          lines: (lines) => {
            emit(ingest.lines(lines));
            if (idleTimer) clearTimeout(idleTimer);
            idleTimer = setTimeout(() => emit(ingest.flush()), this.deps.multilineIdleMs);
          },
          marker: (kind, text) => emit([...ingest.flush(), ingest.marker(kind, text)]),
          diagnostic: (text) => this.deps.onDiagnostic(host, `${log.path}: ${text}`),
        },
        { backlogBytes: this.deps.backlogBytes },
      ),
    );
  }
}
