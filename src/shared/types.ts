// Domain types shared by the engine and the renderer. Pure TypeScript: no platform imports.

export const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type Level = (typeof LEVELS)[number];

/** Higher is more severe; used for `level:>=warn` style comparisons. */
export const LEVEL_SEVERITY: Record<Level, number> = {
  fatal: 5,
  error: 4,
  warn: 3,
  info: 2,
  debug: 1,
  trace: 0,
};

/** Where an event's timestamp came from. */
export type TimestampOrigin = 'parsed' | 'inherited' | 'received';

/** One log event after parsing: a physical line, or a multi-line event joined to its first line. */
export interface LogEvent {
  /** Per-source sequence number, increasing by one per event. */
  seq: number;
  /** Epoch milliseconds, UTC, after timezone and host clock offset. */
  ts: number;
  tsOrigin: TimestampOrigin;
  host: string;
  app: string;
  /** The log path on the host. */
  source: string;
  level: Level | null;
  message: string;
  /** Set on events that mark something about the stream (gap, reconnect, rotation) rather than a log line. */
  marker?: StreamMarkerKind;
}

export type HostState = 'standby' | 'connecting' | 'authenticating' | 'live' | 'reconnecting' | 'failed';

export interface HostStatus {
  host: string;
  state: HostState;
  /** Human-readable reason for `failed` and `reconnecting`, naming the host and what to do next. */
  reason?: string;
  /** Reconnect attempt number while `reconnecting`. */
  attempt?: number;
  /** Epoch ms of the next reconnect attempt while `reconnecting`. */
  nextTryAt?: number;
  /** Measured remote clock minus local clock, in ms. */
  clockOffsetMs?: number;
}

/** A row of the merged view as the renderer sees it. */
export interface StreamRow {
  /** Index in the merged order (0 = oldest still in the window). */
  index: number;
  ts: number;
  tsOrigin: TimestampOrigin;
  host: string;
  app: string;
  source: string;
  level: Level | null;
  message: string;
  /** Set on rows that are markers (gap, reconnect, eviction) rather than log lines. */
  marker?: StreamMarkerKind;
}

export type StreamMarkerKind = 'gap' | 'reconnect' | 'eviction' | 'rotation';

/** One sample of a host's light metrics, read from /proc over its SSH connection. */
export interface HostMetricsSample {
  host: string;
  ts: number;
  load1: number | null;
  load5: number | null;
  load15: number | null;
  /** Busy CPU over the last interval, 0–100; null for the first sample. */
  cpuPercent: number | null;
  memUsedPercent: number | null;
}
