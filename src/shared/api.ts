import { z } from 'zod';
import type { HostMetricsSample, HostStatus, StreamRow } from './types';
import type { ProfileProblem } from './profile-validate';
import type {
  ActionPlanView,
  ActionResult,
  AuditRecord,
  ScaleSuggestion,
  SuggestionUpdate,
} from './action-types';
import type {
  AnomalyEvent,
  AnomalyReport,
  AppSeriesView,
  ForecastUpdate,
  ForecastView,
} from './analytics-types';
import { MARK_KINDS, type IncidentMark, type IncidentNote, type IncidentState } from './incident';
import type {
  EngineMode,
  ExportProgressEvent,
  SnapshotExportResult,
  SnapshotSummary,
} from './snapshot-types';

// The one contract between the engine and every front end. Each request is listed once with the
// schema of its parameters (checked at the boundary) and the type of its result; each event once
// with the type of its payload. The Electron preload/relay and the WebSocket host are derived from it.

interface RequestSpec<P extends z.ZodType, R> {
  params: P;
  /** Phantom member carrying the result type; never present at run time. */
  readonly resultType?: (result: R) => void;
}

interface EventSpec<T> {
  /** Phantom member carrying the payload type; never present at run time. */
  readonly payloadType?: (payload: T) => void;
}

const returns =
  <R>() =>
  <P extends z.ZodType>(params: P): RequestSpec<P, R> => ({ params });

const event = <T>(): EventSpec<T> => ({});

export interface ProfileSummary {
  /** File name inside the profiles folder, e.g. `shop.yaml`. */
  file: string;
  name: string;
  environments: { name: string; hosts: string[]; applications: string[] }[];
  /** Set when the file does not validate; the profile cannot be connected until fixed. */
  problems?: ProfileProblem[];
  modifiedAt: number;
}

export interface SessionInfo {
  profileFile: string;
  profileName: string;
  environment: string;
  applications: string[];
  hosts: HostStatus[];
  startedAt: number;
  /** Every application of the environment (active or not) with the names of its hosts, in profile order. */
  applicationHosts?: Record<string, string[]>;
  /** Set while a snapshot is open for review: the session is its recording, read-only. */
  review?: SnapshotSummary;
}

export interface StreamPage {
  /** Rows in the merged view at the time of the answer. */
  total: number;
  /** Lines evicted from the window since the session started. */
  evicted: number;
  rows: StreamRow[];
}

/** A question for the operator. Secrets travel only one way: in the answer, from the operator to the engine. */
export interface PromptRequest {
  id: string;
  kind: 'hostKey' | 'passphrase' | 'password';
  /** The profile's host name. */
  host: string;
  /** What is being asked, in words. */
  message: string;
  /** For host keys: the SHA256 fingerprint as OpenSSH prints it, and the key type. */
  fingerprint?: string;
  keyType?: string;
  /** Whether the answer may be remembered (known_hosts for keys, the OS keychain for secrets). */
  canRemember: boolean;
}

export interface PromptAnswer {
  /** Trust the key / use the secret; false declines. */
  accept: boolean;
  secret?: string;
  remember?: boolean;
}

/** What one (host, log) tail has done: its position in the file and what crossed the network. */
export interface SourceStats {
  host: string;
  app: string;
  source: string;
  /** Byte offset reached in the current file (complete lines). */
  offset: number | null;
  /** Bytes received over SSH (after any push-down filter). */
  bytesReceived: number;
  filtered: boolean;
}

export interface StreamDelta {
  total: number;
  evicted: number;
  /** Rows appended since the previous delta (late lines may also have been inserted earlier in the order). */
  appended: number;
  /** Rows placed but not yet in the full-text index (searches scan them). */
  indexLagLines?: number;
  /**
   * Number (index + evicted) of the first row new or moved since the previous delta: rows before it are
   * unchanged, so a front end keeps what it fetched of them.
   */
  firstChanged?: number;
  /**
   * The newest rows from the first changed one on (at most a tall screenful): a view following the
   * stream draws them without asking for them.
   */
  newest?: StreamRow[];
}

export interface SearchResult {
  /** Every matching row in the window. */
  total: number;
  /** Row indexes in the merged order, oldest first unless newestFirst was asked. */
  indexes: number[];
  /** Rows evicted when the answer was made: index + evicted is a row's number for the whole session. */
  evicted: number;
  /** Rows not yet indexed when the query ran (answered by scanning). */
  indexLagLines: number;
  scannedLines: number;
  tookMs: number;
  /** The query could not be read: what is wrong and where (character offset). */
  error?: { message: string; position: number };
}

/** Line counts per host and time bucket, for the heatmap. */
export interface HeatmapCells {
  /** Start of the first bucket, epoch ms. */
  from: number;
  bucketMs: number;
  hosts: string[];
  /** Start of each bucket, epoch ms. */
  times: number[];
  /** [host][bucket] lines at error or fatal level. */
  errors: number[][];
  /** [host][bucket] lines at warn level. */
  warnings: number[][];
  /** [host][bucket] all lines. */
  lines: number[][];
}

/** Lines and errors per second of each application over time. */
export interface RateSeries {
  from: number;
  stepMs: number;
  times: number[];
  apps: { app: string; linesPerSec: number[]; errorsPerSec: number[] }[];
}

/** What the desktop menus ask the workbench to do. */
export type MenuCommand =
  'toggleTheme' | 'showShortcuts' | 'commandPalette' | 'newProfile' | 'editProfile' | 'exportSnapshot';

const profileFile = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^/\\]+\.ya?ml$/, 'must be a .yaml file name inside the profiles folder');

export const requests = {
  listProfiles: returns<ProfileSummary[]>()(z.object({})),
  /** The YAML text of one profile, for the editor. */
  readProfile: returns<{ text: string }>()(z.object({ file: profileFile })),
  /**
   * Validates a profile's text and, only when it has no problems, writes it to the profiles folder
   * (atomically). `create` refuses to replace an existing file.
   */
  saveProfile: returns<{ problems: ProfileProblem[] }>()(
    z.object({ file: profileFile, text: z.string().max(1_000_000), create: z.boolean().optional() }),
  ),
  connect: returns<SessionInfo>()(
    z.object({
      profileFile,
      environment: z.string().min(1).max(128),
      /** Applications to activate; all of the environment's when omitted. */
      applications: z.array(z.string().min(1).max(128)).optional(),
      /** Load the profile without connecting; applications are activated later. */
      standby: z.boolean().optional(),
    }),
  ),
  activate: returns<SessionInfo>()(z.object({ applications: z.array(z.string().min(1).max(128)).min(1) })),
  disconnect: returns<void>()(z.object({})),
  retryHost: returns<void>()(z.object({ host: z.string().min(1).max(128) })),
  answerPrompt: returns<boolean>()(
    z.object({
      id: z.string().min(1).max(64),
      accept: z.boolean(),
      secret: z.string().max(4096).optional(),
      remember: z.boolean().optional(),
    }),
  ),
  listPrompts: returns<PromptRequest[]>()(z.object({})),
  getSourceStats: returns<SourceStats[]>()(z.object({})),
  openTerminal: returns<{ id: string }>()(
    z.object({
      host: z.string().min(1).max(128),
      cols: z.number().int().min(2).max(1000),
      rows: z.number().int().min(1).max(500),
    }),
  ),
  terminalInput: returns<void>()(z.object({ id: z.string().min(1).max(64), data: z.string().max(65536) })),
  resizeTerminal: returns<void>()(
    z.object({
      id: z.string().min(1).max(64),
      cols: z.number().int().min(2).max(1000),
      rows: z.number().int().min(1).max(500),
    }),
  ),
  closeTerminal: returns<void>()(z.object({ id: z.string().min(1).max(64) })),
  /** Recent /proc samples of one host, or of every host when omitted. */
  getHostMetrics: returns<HostMetricsSample[]>()(z.object({ host: z.string().min(1).max(128).optional() })),
  getSession: returns<SessionInfo | null>()(z.object({})),
  getStreamPage: returns<StreamPage>()(
    z.object({
      from: z.number().int().min(0),
      count: z.number().int().min(0).max(2000),
    }),
  ),
  /**
   * Rows by their number for the whole session (index + evicted, see SearchResult.evicted), in the order
   * asked; numbers no longer (or not yet) in the window are left out. Unlike pages, numbers do not shift
   * when older rows are evicted.
   */
  getRows: returns<StreamPage>()(z.object({ numbers: z.array(z.number().int().min(0)).max(2000) })),
  /** Full-text search of the window; see src/engine/search/query-parser.ts for the query language. */
  search: returns<SearchResult>()(
    z.object({
      query: z.string().max(4096),
      limit: z.number().int().min(0).max(10_000).optional(),
      newestFirst: z.boolean().optional(),
      /** Matches to skip (paging through results). */
      from: z.number().int().min(0).optional(),
    }),
  ),
  /** Host × time-bucket line counts by level; the last hour of data when no range is given. */
  getHeatmap: returns<HeatmapCells>()(
    z.object({
      from: z.number().optional(),
      to: z.number().optional(),
      /** Bucket width, a multiple of 10 s. */
      bucketSec: z.number().int().min(10).max(86_400).multipleOf(10).optional(),
    }),
  ),
  /** Lines/s and errors/s per application; the last five minutes of data when no range is given. */
  getRates: returns<RateSeries>()(
    z.object({
      from: z.number().optional(),
      to: z.number().optional(),
      stepSec: z.number().int().min(1).max(3600).optional(),
    }),
  ),
  /** Standing scale suggestions, newest first. */
  listSuggestions: returns<ScaleSuggestion[]>()(z.object({})),
  /** Plans a scale change through the application's action plugin; nothing runs until executeAction. */
  planAction: returns<ActionPlanView>()(
    z.object({
      app: z.string().min(1).max(128),
      to: z.number().int().min(0).max(100_000),
      /** The suggestion acted on: its idempotency key makes two windows fire once. */
      suggestionId: z.string().min(1).max(512).optional(),
    }),
  ),
  /** Runs a confirmed plan; the same idempotency key never fires twice. */
  executeAction: returns<ActionResult>()(
    z.object({
      planId: z.string().min(1).max(128),
      idempotencyKey: z.string().min(8).max(600),
    }),
  ),
  /** The audit log of actions, newest first. */
  getAuditLog: returns<AuditRecord[]>()(z.object({ limit: z.number().int().min(1).max(10_000).optional() })),
  /** The latest forecast of each forecast metric (lines/s, errors/s and the scaling policy's) per application. */
  getForecasts: returns<ForecastView[]>()(z.object({ app: z.string().min(1).max(128).optional() })),
  /** Recent error-rate spikes (applications and hosts) and the error signatures mined so far. */
  getAnomalies: returns<AnomalyReport>()(z.object({})),
  /** An application's series on the analytics step: rates, 5xx ratio, latency percentiles, host and command metrics. */
  getAppSeries: returns<AppSeriesView>()(
    z.object({ app: z.string().min(1).max(128), from: z.number().optional(), to: z.number().optional() }),
  ),
  /** Places an incident mark; placing a kind again corrects it (the latest placement counts). */
  addMark: returns<IncidentMark>()(z.object({ kind: z.enum(MARK_KINDS), at: z.number().optional() })),
  removeMark: returns<boolean>()(z.object({ id: z.string().min(1).max(64) })),
  /** A note at a time, or on a line (its time when `at` is omitted). */
  addNote: returns<IncidentNote>()(
    z.object({
      text: z.string().min(1).max(4000),
      at: z.number().optional(),
      row: z
        .object({
          host: z.string().min(1).max(128),
          source: z.string().max(4096),
          ts: z.number(),
          message: z.string().max(65_536).optional(),
        })
        .optional(),
    }),
  ),
  removeNote: returns<boolean>()(z.object({ id: z.string().min(1).max(64) })),
  /** The marks and notes, with MTTD/MTTR once the marks allow. */
  listMarks: returns<IncidentState>()(z.object({})),
  /**
   * Writes the window [from, to] of the session to a .wfsnap file (in the snapshots folder unless `file`
   * is given) with `exportProgress` events under `id`; resolves when the file is complete.
   */
  exportSnapshot: returns<SnapshotExportResult>()(
    z.object({
      id: z.string().min(1).max(64).optional(),
      from: z.number(),
      to: z.number(),
      file: z.string().min(1).max(4096).optional(),
      maskAddresses: z.boolean().optional(),
    }),
  ),
  /** Stops an export; its partial file is removed. False when no export has that id. */
  cancelExport: returns<boolean>()(z.object({ id: z.string().min(1).max(64) })),
  /**
   * Opens a .wfsnap read-only (verifying every hash): any session is disconnected first. `demo` opens the
   * demo incident shipped with the app (see getMode's `demoAvailable`).
   */
  openSnapshot: returns<SnapshotSummary>()(
    z
      .object({ file: z.string().min(1).max(4096).optional(), demo: z.boolean().optional() })
      .refine((p) => (p.file !== undefined) !== (p.demo === true), 'give either a file or demo: true'),
  ),
  /** Leaves review mode; the marks and notes from before it are back. */
  closeSnapshot: returns<void>()(z.object({})),
  getMode: returns<EngineMode>()(z.object({})),
} as const;

export const events = {
  hostStatus: event<HostStatus>(),
  /** Every open question, each time the set changes. */
  prompts: event<PromptRequest[]>(),
  hostMetrics: event<HostMetricsSample>(),
  /** Something a host's commands reported (a missing file, sudo refused, a bad pattern): never a log line. */
  diagnostic: event<{ host: string; message: string; at: number }>(),
  terminalOutput: event<{ id: string; data: string }>(),
  terminalClosed: event<{ id: string; reason: string }>(),
  session: event<SessionInfo | null>(),
  streamDelta: event<StreamDelta>(),
  /** A scale suggestion appeared, changed or was withdrawn (null). */
  suggestion: event<SuggestionUpdate>(),
  /** An action finished (or was replayed for a repeated idempotency key). */
  actionResult: event<ActionResult>(),
  /** Fresh forecasts of one application (each pass of the forecast loop). */
  forecast: event<ForecastUpdate>(),
  /** An error-rate spike, or an error signature that is new or spiking. */
  anomaly: event<AnomalyEvent>(),
  /** A desktop menu item was chosen; sent by the Electron shell, never by the engine. */
  menuCommand: event<{ command: MenuCommand }>(),
  /** The incident's marks or notes changed. */
  marks: event<IncidentState>(),
  exportProgress: event<ExportProgressEvent>(),
  /** Live, reviewing a snapshot, or neither. */
  mode: event<EngineMode>(),
} as const;

export type { ActionPlanView, ActionResult, AuditRecord, ScaleSuggestion, SuggestionUpdate };
export type { AnomalyEvent, AnomalyReport, AppSeriesView, ForecastUpdate, ForecastView };
export type { IncidentMark, IncidentNote, IncidentState };
export type { EngineMode, ExportProgressEvent, SnapshotExportResult, SnapshotSummary };

export type RequestName = keyof typeof requests;
export type RequestParams<K extends RequestName> = z.input<(typeof requests)[K]['params']>;
export type RequestResult<K extends RequestName> =
  (typeof requests)[K] extends RequestSpec<z.ZodType, infer R> ? R : never;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = (typeof events)[E] extends EventSpec<infer T> ? T : never;

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Every capability of the engine, as seen from a front end. */
export type WatchfloorRequests = {
  [K in RequestName]: (params: RequestParams<K>) => Promise<RequestResult<K>>;
};

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;

export interface WatchfloorEvents {
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
}

/** How a request's outcome crosses a transport: errors travel as data, never as thrown exceptions. */
export type RequestOutcome<R> =
  { ok: true; value: R } | { ok: false; error: { message: string; code?: string } };

/** Validates a request's parameters at the boundary; throws a readable error. */
export function parseRequestParams<K extends RequestName>(name: K, params: unknown): RequestParams<K> {
  const result = requests[name].params.safeParse(params ?? {});
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ');
    throw new Error(`invalid parameters for ${name}: ${detail}`);
  }
  return result.data as RequestParams<K>;
}
