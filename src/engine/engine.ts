import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import path from 'node:path';
import { version as packageVersion } from '../../package.json';
import type {
  EventName,
  EventPayload,
  HeatmapCells,
  PromptRequest,
  RateSeries,
  RequestParams,
  RequestResult,
  SearchResult,
  SessionInfo,
  SourceStats,
  StreamPage,
  WatchfloorRequests,
} from '../shared/api';
import type { HostMetricsSample, LogEvent, StreamRow } from '../shared/types';
import type { IncidentMark, IncidentNote, IncidentState } from '../shared/incident';
import type { EngineMode, SnapshotExportResult, SnapshotSummary } from '../shared/snapshot-types';
import type { Profile } from '../shared/profile-schema';
import type { ActionPlanView, ActionResult, AuditRecord, ScaleSuggestion } from '../shared/action-types';
import { ActionService } from './actions/action-service';
import { AuditLog } from './actions/audit-log';
import { loadPluginFolder } from './actions/plugin-loader';
import { PluginRegistry } from './actions/plugin-registry';
import type { AnomalyReport, AppSeriesView, ForecastView } from '../shared/analytics-types';
import { LiveAnalytics, type LiveAnalyticsOptions } from './analytics/live-analytics';
import type { MetricForecast } from './scaling/scale-advisor';
import { systemKeychain, type Keychain } from './credentials/keychain';
import { KeychainSecretSource } from './credentials/keychain-secret-source';
import { PromptBroker } from './credentials/prompt-broker';
import type { SecretSource } from './credentials/secret-source';
import type { Disposable } from './disposable';
import type { BackoffPolicy } from './fleet/backoff';
import { Limiter } from './fleet/connect-limiter';
import type { HostLookup } from './fleet/host-canonicalizer';
import { TerminalSessions } from './fleet/terminal-sessions';
import { HostMetricsHistory } from './metrics/host-metrics-history';
import { IncidentLog } from './incident/incident-log';
import { engineSnapshotSource } from './snapshots/engine-snapshot-source';
import { loadSnapshotForReview, type ReviewData } from './snapshots/review-loader';
import {
  reviewAnomalies,
  reviewAudit,
  reviewForecasts,
  reviewHostSamples,
  reviewSession,
} from './snapshots/review-views';
import { SNAPSHOT_EXTENSION } from './snapshots/snapshot-format';
import { SnapshotExports } from './snapshots/snapshot-exports';
import { defaultSnapshotsDir, newSnapshotFile } from './snapshots/snapshot-folder';
import type { HostKeyPrompt } from './fleet/host-key-guard';
import { ProfileLibrary } from './profiles/profile-library';
import { Session, type SessionDeps } from './session';
import { letHeapsGrowForIngest } from './heap-growth';
import type { ParsedRows } from './ingest/parsed-rows';
import { ParseWorkerClient } from './ingest/remote-parsing';
import { localIngest, SourceIngest, type SourceIdentity } from './ingest/source-ingest';
import { IndexWorkerClient } from './search/remote-indexing';
import type { RequestRowBatch } from './analytics/request-rows';
import { PrefaultedArenas } from './store/arena-source';
import type { LogStore } from './store/log-store';
import { LogWindow } from './store/log-window';
import { TypedEmitter } from './typed-emitter';
import { RegexTrial } from './search/regex-trial';

export type EngineEvents = { [E in EventName]: EventPayload<E> };

export interface EngineOptions {
  profilesDir: string;
  /** The operator's home: ~/.ssh/config, keys and known_hosts are read from here. */
  home: string;
  /** ssh-agent socket (SSH_AUTH_SOCK). */
  agentSocket?: string;
  /** Resolves the full names ~/.ssh/config's CanonicalizeHostname tries (default: the system's resolver). */
  lookup?: HostLookup;
  localUser?: string;
  /** Where remembered passphrases and passwords live; the OS keychain by default. */
  keychain?: Keychain;
  /** Replaces the keychain-then-ask source of secrets (the CLI asks on the terminal). */
  secrets?: SecretSource;
  /** Replaces asking the front end about unknown host keys. */
  hostKeyPrompt?: HostKeyPrompt;
  backoff?: BackoffPolicy;
  /** Keepalive interval when ~/.ssh/config sets no ServerAliveInterval. */
  keepaliveSec?: number;
  /** Seconds between host metric samples (/proc); 0 turns the probe off. */
  metricsIntervalSec?: number;
  /** How often log paths with wildcards are expanded again to pick up new files. */
  globRescanMs?: number;
  /** How long a started follower may say nothing before its log is said not to be read. */
  followerSilenceMs?: number;
  /** Most lines kept in the window. */
  maxLines?: number;
  /** Memory budget of the window (rows, messages, index), in bytes. */
  maxMemoryBytes?: number;
  /** The index worker's script (index-worker.js beside the built engine); without it, indexing shares the engine's thread. */
  indexWorkerPath?: string;
  /** The parse worker's script (parse-worker.js beside the built engine); without it, parsing shares the engine's thread. */
  parseWorkerPath?: string;
  /** Simultaneous SSH handshakes (sshd drops handshakes past MaxStartups, 10 by default). */
  maxHandshakes?: number;
  backlogBytes?: number;
  /** Pushes to front ends are coalesced to at most one per this interval. */
  deltaIntervalMs?: number;
  /** Holds the action audit log (audit.jsonl) and third-party action plugins (plugins/); ~/.watchfloor by default. */
  actionsDir?: string;
  /** Forecast loop and anomaly detection: refresh interval, series step, model settings. */
  analytics?: LiveAnalyticsOptions;
  /** Where exports go when no file is named; ~/Downloads, ~/Documents or beside the profiles folder by default. */
  snapshotsDir?: string;
  /** The demo incident shipped with the app, opened by `openSnapshot({demo: true})`. */
  demoSnapshot?: string;
  /** Written into snapshot manifests; the package's version by default. */
  appVersion?: string;
  now?: () => number;
}

/** A snapshot open for review: its data and the session it stands for. */
interface Review {
  data: ReviewData;
  session: SessionInfo;
  /** The live incident's marks and notes, back when the review ends. */
  liveIncident: IncidentState;
}

/** What the last session was, kept after disconnecting so its window can still be exported. */
interface ExportOrigin {
  profile: Profile;
  info: SessionInfo;
}

const DEFAULTS = {
  maxLines: 2_000_000,
  maxHandshakes: 10,
  backlogBytes: 64 * 1024,
  deltaIntervalMs: 50,
};

/** Rows a delta carries at most: more than the tallest view shows while it follows. */
const NEWEST_ROWS = 128;

/** The composition root: profiles, fleet, ingest and store behind the contract's requests and events. */
export class Engine implements WatchfloorRequests, Disposable {
  readonly events = new TypedEmitter<EngineEvents>();
  readonly profiles: ProfileLibrary;
  private logs: LogWindow;
  private session: Session | null = null;
  private parseWorker: ParseWorkerClient | null = null;
  private deltaTimer: NodeJS.Timeout | null = null;
  private lastDeltaAppended = 0;
  /** Lowest row number placed or moved by commits since the last delta. */
  private firstChangedSinceDelta = Infinity;
  private readonly now: () => number;
  private readonly handshakes: Limiter;
  private readonly prompts: PromptBroker;
  private readonly secrets: SecretSource;
  private readonly hostKeyPrompt: HostKeyPrompt;
  private readonly metrics = new HostMetricsHistory();
  private readonly regexTrial = new RegexTrial();
  private actionServiceReady: Promise<ActionService> | null = null;
  private analytics: LiveAnalytics | null = null;
  /** The current window's index worker, which also reads placed rows' request fields for analytics. */
  private windowWorker: IndexWorkerClient | undefined;
  private readonly incident: IncidentLog;
  private readonly exports: SnapshotExports;
  private review: Review | null = null;
  private loadingSnapshot: string | null = null;
  private exportOrigin: ExportOrigin | null = null;
  private readonly terminals = new TerminalSessions({
    output: (id, data) => this.events.emit('terminalOutput', { id, data }),
    closed: (id, reason) => this.events.emit('terminalClosed', { id, reason }),
  });

  constructor(private readonly options: EngineOptions) {
    letHeapsGrowForIngest();
    this.profiles = new ProfileLibrary(options.profilesDir);
    this.now = options.now ?? Date.now;
    this.logs = this.newWindow();
    this.handshakes = new Limiter(options.maxHandshakes ?? DEFAULTS.maxHandshakes);
    this.incident = new IncidentLog({ now: this.now, onChange: (state) => this.events.emit('marks', state) });
    this.exports = new SnapshotExports({
      appVersion: options.appVersion ?? packageVersion,
      now: this.now,
      onProgress: (progress) => this.events.emit('exportProgress', progress),
    });
    this.prompts = new PromptBroker(() => this.events.emit('prompts', this.prompts.open()));
    this.secrets =
      options.secrets ??
      new KeychainSecretSource(options.keychain ?? systemKeychain(), async (request) => {
        const answer = await this.prompts.ask({
          kind: request.kind,
          host: request.host,
          message: request.prompt,
          canRemember: true,
        });
        return answer?.accept && answer.secret !== undefined
          ? { secret: answer.secret, remember: answer.remember ?? false }
          : null;
      });
    this.hostKeyPrompt =
      options.hostKeyPrompt ??
      (async (question) => {
        const where = question.port === 22 ? question.hostName : `[${question.hostName}]:${question.port}`;
        const answer = await this.prompts.ask({
          kind: 'hostKey',
          host: question.host,
          message: [
            `The authenticity of ${where} (${question.host}) can't be established.`,
            ...(question.certAuthorityNote ? [question.certAuthorityNote] : []),
            `Trust this ${question.keyType} key and add it to known_hosts?`,
          ].join(' '),
          fingerprint: question.fingerprint,
          keyType: question.keyType,
          canRemember: true,
        });
        return answer?.accept ?? false;
      });
  }

  async listProfiles(): Promise<RequestResult<'listProfiles'>> {
    return this.profiles.list();
  }

  async readProfile(params: RequestParams<'readProfile'>): Promise<{ text: string }> {
    return { text: await this.profiles.read(params.file) };
  }

  async saveProfile(params: RequestParams<'saveProfile'>): Promise<RequestResult<'saveProfile'>> {
    return { problems: await this.profiles.save(params.file, params.text, { create: params.create }) };
  }

  async connect(params: RequestParams<'connect'>): Promise<SessionInfo> {
    this.refuseWhileReviewing('connect');
    const profile = await this.profiles.load(params.profileFile);
    await this.disconnect();
    this.logs.dispose();
    this.logs = this.newWindow();
    this.regexTrial.prepare();
    this.lastDeltaAppended = 0;
    this.firstChangedSinceDelta = Infinity;
    this.metrics.clear();
    const openIngest = this.ingestOpener();
    const session = new Session(
      {
        profileFile: params.profileFile,
        profile,
        environment: params.environment,
      },
      {
        ssh: { home: this.options.home, localUser: this.options.localUser ?? userInfo().username },
        agentSocket: this.options.agentSocket,
        lookup: this.options.lookup,
        secrets: this.secrets,
        hostKeyPrompt: this.hostKeyPrompt,
        handshakes: this.handshakes,
        backoff: this.options.backoff,
        defaultKeepaliveSec: this.options.keepaliveSec,
        backlogBytes: this.options.backlogBytes ?? DEFAULTS.backlogBytes,
        metricsIntervalSec: this.options.metricsIntervalSec ?? 5,
        globRescanMs: this.options.globRescanMs ?? 10_000,
        multilineIdleMs: 250,
        followerSilenceMs: this.options.followerSilenceMs,
        now: this.now,
        onHostStatus: (status) => this.events.emit('hostStatus', status),
        openIngest,
        ingestBacklog: this.parseWorker ?? undefined,
        onMetrics: (sample) => {
          this.metrics.add(sample);
          this.events.emit('hostMetrics', sample);
        },
        onDiagnostic: (host, message) => this.events.emit('diagnostic', { host, message, at: this.now() }),
      },
    );
    this.session = session;
    this.analytics = this.newAnalytics(
      session,
      profile.environments.find((e) => e.name === params.environment),
    );
    if (!params.standby) session.activate(params.applications ?? []);
    const info = session.info();
    this.exportOrigin = { profile, info };
    this.events.emit('session', info);
    this.events.emit('mode', { mode: 'live' });
    return info;
  }

  async activate(params: RequestParams<'activate'>): Promise<SessionInfo> {
    const session = this.requireSession();
    session.activate(params.applications);
    const info = session.info();
    this.events.emit('session', info);
    return info;
  }

  /** Ends the live session, or the review of a snapshot (which has no session of its own). */
  async disconnect(): Promise<void> {
    if (this.review) return this.closeSnapshot();
    if (!this.session) return;
    this.prompts.cancelAll();
    this.terminals.dispose();
    this.session.dispose();
    this.session = null;
    this.parseWorker?.dispose();
    this.parseWorker = null;
    this.analytics?.dispose();
    this.analytics = null;
    this.events.emit('session', null);
    this.events.emit('mode', this.idleMode());
  }

  async retryHost(params: RequestParams<'retryHost'>): Promise<void> {
    (this.secrets as { forgetDeclined?: () => void }).forgetDeclined?.();
    this.requireSession().retry(params.host);
  }

  async answerPrompt(params: RequestParams<'answerPrompt'>): Promise<boolean> {
    return this.prompts.answer(params.id, {
      accept: params.accept,
      secret: params.secret,
      remember: params.remember,
    });
  }

  async listPrompts(): Promise<PromptRequest[]> {
    return this.prompts.open();
  }

  async getHostMetrics(params: RequestParams<'getHostMetrics'>): Promise<HostMetricsSample[]> {
    if (this.review) return reviewHostSamples(this.review.data, params.host);
    return this.metrics.samples(params.host);
  }

  async openTerminal(params: RequestParams<'openTerminal'>): Promise<{ id: string }> {
    const connection = this.requireSession().connection(params.host);
    if (!connection) throw new Error(`host "${params.host}" is not part of the active applications`);
    return { id: await this.terminals.open(connection, params) };
  }

  async terminalInput(params: RequestParams<'terminalInput'>): Promise<void> {
    this.terminals.input(params.id, params.data);
  }

  async resizeTerminal(params: RequestParams<'resizeTerminal'>): Promise<void> {
    this.terminals.resize(params.id, params);
  }

  async closeTerminal(params: RequestParams<'closeTerminal'>): Promise<void> {
    this.terminals.close(params.id);
  }

  async getSourceStats(): Promise<SourceStats[]> {
    return this.session?.sourceStats() ?? [];
  }

  async getSession(): Promise<SessionInfo | null> {
    return this.review?.session ?? this.session?.info() ?? null;
  }

  async getStreamPage(params: RequestParams<'getStreamPage'>): Promise<StreamPage> {
    return this.logs.page(params.from, params.count);
  }

  async getRows(params: RequestParams<'getRows'>): Promise<StreamPage> {
    const { store } = this.logs;
    const rows = params.numbers
      .filter((n) => n >= store.evicted && n < store.appended)
      .map((n) => store.row(n - store.evicted));
    return { total: store.size, evicted: store.evicted, rows };
  }

  async search(params: RequestParams<'search'>): Promise<SearchResult> {
    return this.logs.searchTried(params, this.regexTrial);
  }

  async getHeatmap(params: RequestParams<'getHeatmap'>): Promise<HeatmapCells> {
    return this.logs.heatmap(params);
  }

  async getRates(params: RequestParams<'getRates'>): Promise<RateSeries> {
    return this.logs.rates(params);
  }

  async listSuggestions(): Promise<ScaleSuggestion[]> {
    return (await this.actionService()).listSuggestions();
  }

  async planAction(params: RequestParams<'planAction'>): Promise<ActionPlanView> {
    return (await this.actionService()).planAction(params);
  }

  async executeAction(params: RequestParams<'executeAction'>): Promise<ActionResult> {
    return (await this.actionService()).executeAction(params);
  }

  async getAuditLog(params: RequestParams<'getAuditLog'>): Promise<AuditRecord[]> {
    if (this.review) return reviewAudit(this.review.data).slice(0, params.limit);
    return (await this.actionService()).getAuditLog(params);
  }

  /** Fresh forecasts of an application's metrics: its scale suggestion is made, renewed or withdrawn. */
  async updateForecast(
    app: string,
    forecasts: Record<string, MetricForecast>,
  ): Promise<ScaleSuggestion | null> {
    return (await this.actionService()).updateForecast(app, forecasts);
  }

  async getForecasts(params: RequestParams<'getForecasts'>): Promise<ForecastView[]> {
    if (this.review) return reviewForecasts(this.review.data, params.app);
    return this.analytics?.forecasts(params.app) ?? [];
  }

  async getAnomalies(): Promise<AnomalyReport> {
    if (this.review) return reviewAnomalies(this.review.data);
    return this.analytics?.anomalyReport() ?? { spikes: [], signatures: [], droppedLines: 0 };
  }

  async getAppSeries(params: RequestParams<'getAppSeries'>): Promise<AppSeriesView> {
    if (!this.analytics) throw new Error('not connected: connect to a profile first');
    return this.analytics.series(params.app, params);
  }

  async addMark(params: RequestParams<'addMark'>): Promise<IncidentMark> {
    this.refuseWhileReviewing('place marks');
    return this.incident.addMark(params.kind, params.at);
  }

  async removeMark(params: RequestParams<'removeMark'>): Promise<boolean> {
    this.refuseWhileReviewing('remove marks');
    return this.incident.removeMark(params.id);
  }

  async addNote(params: RequestParams<'addNote'>): Promise<IncidentNote> {
    this.refuseWhileReviewing('add notes');
    return this.incident.addNote(params.text, params.at, params.row);
  }

  async removeNote(params: RequestParams<'removeNote'>): Promise<boolean> {
    this.refuseWhileReviewing('remove notes');
    return this.incident.removeNote(params.id);
  }

  async listMarks(): Promise<IncidentState> {
    return this.incident.state();
  }

  async exportSnapshot(params: RequestParams<'exportSnapshot'>): Promise<SnapshotExportResult> {
    this.refuseWhileReviewing('export');
    const origin = this.exportOrigin;
    if (!origin) throw new Error('nothing to export yet: connect to a profile first');
    if (!(params.to > params.from)) {
      throw new Error(`the export window must end after it starts (from ${params.from}, to ${params.to})`);
    }
    const file = this.exportTarget(params.file, origin);
    await mkdir(path.dirname(file), { recursive: true });
    const { info, profile } = origin;
    const source = engineSnapshotSource({
      logs: this.logs,
      profile,
      environment: info.environment,
      applications: info.applications,
      hosts: info.hosts.map((h) => h.host),
      window: { from: params.from, to: params.to },
      hostSamples: this.metrics.samples(),
      forecasts: await this.getForecasts({}),
      anomalies: await this.getAnomalies(),
      audit: await this.getAuditLog({ limit: 10_000 }),
      incident: this.incident.state(),
    });
    return this.exports.run(params.id ?? randomUUID(), file, source, {
      maskHostAddresses: params.maskAddresses,
    });
  }

  async cancelExport(params: RequestParams<'cancelExport'>): Promise<boolean> {
    return this.exports.cancel(params.id);
  }

  /** Checks every hash of the file, loads its recording into a fresh, read-only window and disconnects. */
  async openSnapshot(params: RequestParams<'openSnapshot'>): Promise<SnapshotSummary> {
    if (this.loadingSnapshot) throw new Error(`${this.loadingSnapshot} is still being opened; wait for it`);
    const demo = this.options.demoSnapshot;
    const file = params.demo ? demo : params.file && path.resolve(params.file);
    if (!file || (params.demo && !existsSync(file))) {
      throw new Error(`this installation has no demo incident${demo ? ` (${demo} is missing)` : ''}`);
    }
    this.loadingSnapshot = file;
    this.events.emit('mode', { mode: 'loading', file });
    const logs = this.newWindow();
    this.regexTrial.prepare();
    let data: ReviewData;
    try {
      data = await loadSnapshotForReview(file, logs.store);
    } catch (err) {
      logs.dispose();
      this.loadingSnapshot = null;
      this.events.emit('mode', { ...(await this.getMode()), problem: (err as Error).message });
      throw err;
    }
    this.loadingSnapshot = null;
    // The session ends only once the snapshot has loaded: a damaged file leaves it running.
    await this.disconnect();
    this.exports.cancelAll();
    this.replaceWindow(logs);
    this.metrics.clear();
    const liveIncident = this.incident.state();
    this.review = { data, session: reviewSession(data, this.now()), liveIncident };
    this.incident.replace(data.marks, data.notes);
    this.events.emit('session', this.review.session);
    this.emitDelta();
    this.events.emit('mode', { mode: 'review', snapshot: data.summary });
    return data.summary;
  }

  async closeSnapshot(): Promise<void> {
    const review = this.review;
    if (!review) return;
    this.review = null;
    this.replaceWindow(this.newWindow());
    this.incident.replace(review.liveIncident.marks, review.liveIncident.notes);
    this.events.emit('session', null);
    this.emitDelta();
    this.events.emit('mode', this.idleMode());
  }

  async getMode(): Promise<EngineMode> {
    if (this.loadingSnapshot) return { mode: 'loading', file: this.loadingSnapshot };
    if (this.review) return { mode: 'review', snapshot: this.review.data.summary };
    return this.session ? { mode: 'live' } : this.idleMode();
  }

  private idleMode(): EngineMode {
    const demo = this.options.demoSnapshot;
    return { mode: 'idle', demoAvailable: demo !== undefined && existsSync(demo) };
  }

  private refuseWhileReviewing(what: string): void {
    if (this.review) {
      throw new Error(
        `cannot ${what} while the snapshot ${this.review.data.summary.name} is open for review (read-only): close it first`,
      );
    }
  }

  /** The file an export writes: the one asked for (absolute, .wfsnap), or a new name in the snapshots folder. */
  private exportTarget(file: string | undefined, origin: ExportOrigin): string {
    if (file !== undefined) {
      if (!path.isAbsolute(file)) throw new Error(`the export file must be an absolute path, got ${file}`);
      return file.endsWith(SNAPSHOT_EXTENSION) ? file : `${file}${SNAPSHOT_EXTENSION}`;
    }
    const dir = this.options.snapshotsDir ?? defaultSnapshotsDir(this.options.home, this.options.profilesDir);
    return newSnapshotFile(dir, origin.profile.name, origin.info.environment, this.now());
  }

  private replaceWindow(logs: LogWindow): void {
    this.logs.dispose();
    this.logs = logs;
    this.lastDeltaAppended = logs.store.appended;
    this.firstChangedSinceDelta = Infinity;
  }

  /** Tells front ends at once that the whole window is new (a snapshot opened or closed). */
  private emitDelta(): void {
    const { store, indexer } = this.logs;
    this.events.emit('streamDelta', {
      total: store.size,
      evicted: store.evicted,
      appended: store.size,
      indexLagLines: indexer.lagRows,
      firstChanged: store.evicted,
      newest: newestRows(store, store.evicted),
    });
  }

  /** The session's live analytics (forecast loop, anomalies); null when not connected. */
  get liveAnalytics(): LiveAnalytics | null {
    return this.analytics;
  }

  /** Forecasts feed the scale advisor; suggestions expire on the loop's timer. */
  private newAnalytics(
    session: Session,
    environment: Profile['environments'][number] | undefined,
  ): LiveAnalytics {
    this.analytics?.dispose();
    return new LiveAnalytics(
      {
        applications: environment?.applications ?? [],
        activeApps: () => session.info().applications,
        rates: (from, to, stepSec) => this.logs.rates({ from, to, stepSec }),
        hostSamples: (host) => this.metrics.samples(host),
        isLive: (host) => session.connection(host)?.liveClient != null,
        exec: (host, command) =>
          session.connection(host)?.exec(command) ?? Promise.reject(new Error(`${host} is not connected`)),
        now: this.now,
        onForecast: (update) => this.events.emit('forecast', update),
        onAnomaly: (event) => this.events.emit('anomaly', event),
        advise: (app, forecasts) => this.updateForecast(app, forecasts),
        expireSuggestions: () => void this.actionServiceReady?.then((s) => s.expireSuggestions()),
        onProblem: (host, message) => this.events.emit('diagnostic', { host, message, at: this.now() }),
        readRowFields: this.windowWorker && this.readRowFields,
      },
      this.options.analytics,
    );
  }

  /** Built on first use: the plugins folder is read once, and its problems are reported as diagnostics. */
  private actionService(): Promise<ActionService> {
    this.actionServiceReady ??= (async () => {
      const dir = this.options.actionsDir ?? path.join(this.options.home, '.watchfloor');
      const plugins = new PluginRegistry();
      await loadPluginFolder(path.join(dir, 'plugins'), plugins);
      const service = new ActionService({
        plugins,
        audit: new AuditLog(path.join(dir, 'audit.jsonl')),
        user: this.options.localUser ?? userInfo().username,
        now: this.now,
        remoteExec: (host, command) => {
          const connection = this.session?.connection(host);
          if (!connection) {
            return Promise.reject(
              new Error(
                `host "${host}" is not connected: it must belong to an active application of the session`,
              ),
            );
          }
          return connection.exec(command);
        },
        secret: (account) =>
          this.secrets.get({
            kind: 'password',
            account: `webhook:${account}`,
            host: account,
            prompt: `Signing key of the webhook action "${account}"`,
          }),
        policyOf: async (app) => {
          const info = this.session?.info();
          if (!info) return null;
          const profile = await this.profiles.load(info.profileFile);
          const environment = profile.environments.find((e) => e.name === info.environment);
          return environment?.applications.find((a) => a.name === app)?.scaling ?? null;
        },
      });
      service.events.on('suggestion', (update) => this.events.emit('suggestion', update));
      service.events.on('actionResult', (result) => this.events.emit('actionResult', result));
      return service;
    })();
    return this.actionServiceReady;
  }

  /** The current session's log window (store, index, rollups). */
  get window(): LogWindow {
    return this.logs;
  }

  private requireSession(): Session {
    if (!this.session) throw new Error('not connected: connect to a profile first');
    return this.session;
  }

  dispose(): void {
    this.exports.cancelAll();
    this.prompts.cancelAll();
    this.terminals.dispose();
    this.regexTrial.dispose();
    this.session?.dispose();
    this.session = null;
    this.parseWorker?.dispose();
    this.parseWorker = null;
    this.analytics?.dispose();
    this.analytics = null;
    if (this.deltaTimer) clearTimeout(this.deltaTimer);
    this.deltaTimer = null;
    this.logs.dispose();
  }

  private ingest(events: LogEvent[]): void {
    this.logs.add(events);
    this.analytics?.observe(events);
  }

  private ingestRows(source: SourceIdentity, rows: ParsedRows): void {
    this.logs.addRows(source, rows);
    this.analytics?.observeRows(source, rows);
  }

  /**
   * How the session's sources are parsed: on a parse worker of its own when there is one (stopped with
   * the session), else here.
   */
  private ingestOpener(): SessionDeps['openIngest'] {
    this.parseWorker?.dispose();
    const script = this.options.parseWorkerPath;
    const worker = (this.parseWorker =
      script !== undefined && existsSync(script)
        ? new ParseWorkerClient(
            script,
            (source, rows) => this.ingestRows(source, rows),
            (err) =>
              this.events.emit('diagnostic', {
                host: '',
                message: `the parse worker stopped (${err.message}): lines it held are lost; parsing goes on in the engine`,
                at: this.now(),
              }),
          )
        : null);
    return (identity, options, clockOffsetMs) =>
      worker
        ? worker.open(identity, options, clockOffsetMs, this.now)
        : localIngest(new SourceIngest(identity, options, clockOffsetMs, this.now), (events) =>
            this.ingest(events),
          );
  }

  private newWindow(): LogWindow {
    this.windowWorker = this.indexWorker();
    const logs = new LogWindow({
      maxLines: this.options.maxLines ?? DEFAULTS.maxLines,
      maxBytes: this.options.maxMemoryBytes,
      now: this.now,
      indexWorker: this.windowWorker,
      arenas: new PrefaultedArenas(),
    });
    const { streams } = logs.store;
    // Rows parsed on the parse worker had their request fields read there (see observeRows).
    logs.store.onRowsTaken((rows, stream, from, to) => {
      if (this.parseWorker === null)
        this.analytics?.observePlaced(rows, streams.streams[stream].app, from, to);
    });
    logs.store.onCommit((commit) => {
      this.analytics?.flushRequests();
      this.firstChangedSinceDelta = Math.min(this.firstChangedSinceDelta, commit.firstChanged);
      this.scheduleDelta(logs);
    });
    // The index lag travels with the deltas: report it as indexing catches up after the lines stop.
    logs.indexer.onProgress(() => this.scheduleDelta(logs));
    return logs;
  }

  /**
   * Reads request fields on the current window's index worker, looked up at each call: a window replaced
   * during the session (a snapshot reviewed, then closed) brings its own, the old one being stopped.
   */
  private readonly readRowFields = (batch: RequestRowBatch): Promise<void> =>
    this.windowWorker?.readRowFields(batch) ?? Promise.reject(new Error('the window has no index worker'));

  private indexWorker(): IndexWorkerClient | undefined {
    const script = this.options.indexWorkerPath;
    return script !== undefined && existsSync(script) ? new IndexWorkerClient(script) : undefined;
  }

  private scheduleDelta(logs: LogWindow): void {
    if (this.deltaTimer) return;
    this.deltaTimer = setTimeout(() => {
      this.deltaTimer = null;
      if (logs !== this.logs) return;
      const { store, indexer } = logs;
      const appended = store.appended - this.lastDeltaAppended;
      this.lastDeltaAppended = store.appended;
      const firstChanged = this.firstChangedSinceDelta;
      this.firstChangedSinceDelta = Infinity;
      this.events.emit('streamDelta', {
        total: store.size,
        evicted: store.evicted,
        appended,
        indexLagLines: indexer.lagRows,
        ...(Number.isFinite(firstChanged) ? { firstChanged, newest: newestRows(store, firstChanged) } : {}),
      });
    }, this.options.deltaIntervalMs ?? DEFAULTS.deltaIntervalMs);
  }
}

/** The rows a delta carries: the changed ones among the newest NEWEST_ROWS. */
function newestRows(store: LogStore, firstChanged: number): StreamRow[] {
  const from = Math.max(firstChanged - store.evicted, store.size - NEWEST_ROWS, 0);
  return store.page(from, store.size - from);
}
