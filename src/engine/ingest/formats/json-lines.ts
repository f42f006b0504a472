import type { Level } from '../../../shared/types';
import { findLevel } from '../parser/level-finder';
import { levelFromHttpStatus, levelFromLetter, levelFromFieldValue, levelFromNumber } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { skipBlanks } from '../parser/scan';
import { parseStampText } from './stamps/any-stamp';
import { JSON_LEVEL_KEYS, JSON_TEXT_KEYS, JSON_TIME_KEYS } from '../../../shared/json-log-keys';

/** HTTP status fields of access logs written as JSON (nginx, Envoy, Traefik, Kubernetes' audit log). */
const STATUS_KEYS = ['status', 'statusCode', 'status_code', 'DownstreamStatus', 'responseStatus'];

export const jsonLinesFormat: LogFormat = {
  name: 'json',
  description:
    'JSON lines (Bunyan, Pino, zap, logrus, ECS, Serilog, MongoDB, Docker, Log4j 2, nginx): time/timestamp/@timestamp/ts and level/severity/lvl or an HTTP status',
  specificity: 90,
  samples: [
    {
      line: '{"__REALTIME_TIMESTAMP":"1709294401123456","PRIORITY":"3","_HOSTNAME":"web-1","SYSLOG_IDENTIFIER":"app","MESSAGE":"upstream failed"}',
      ts: '2024-03-01T12:00:01.123Z',
      level: 'error',
    },
    {
      line: '{"level":30,"time":1709294400123,"pid":1,"msg":"listening"}',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'info',
    },
    {
      line: '{"level":"error","ts":1709294400.5,"caller":"main.go:12","msg":"dial failed"}',
      ts: '2024-03-01T12:00:00.500Z',
      level: 'error',
    },
    {
      line: '{"@timestamp":"2024-03-01T12:00:00.000Z","log.level":"warn","message":"slow"}',
      ts: '2024-03-01T12:00:00Z',
      level: 'warn',
    },
    {
      line: '{"@timestamp":"2024-03-01T12:00:00Z","log":{"level":"debug"},"message":"ecs nested"}',
      ts: '2024-03-01T12:00:00Z',
      level: 'debug',
    },
    {
      line: '{"level":"warning","msg":"disk","time":"2024-03-01T13:00:00+01:00"}',
      ts: '2024-03-01T12:00:00Z',
      level: 'warn',
    },
    {
      line: '{"name":"api","hostname":"h","pid":7,"level":50,"msg":"x","time":"2024-03-01T12:00:00.000Z","v":0}',
      ts: '2024-03-01T12:00:00Z',
      level: 'error',
    },
    {
      line: '{"t":{"$date":"2024-03-01T12:00:00.123+00:00"},"s":"W","c":"NETWORK","id":1,"ctx":"conn1","msg":"slow"}',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'warn',
    },
    {
      line: '{"log":"2024/03/01 12:00:00 [error] 7#7: upstream timed out\\n","stream":"stderr","time":"2024-03-01T12:00:00.5Z"}',
      ts: '2024-03-01T12:00:00.500Z',
      level: 'error',
    },
    {
      line: '{"Timestamp":"2024-03-01T12:00:00.0000000+00:00","Level":"Information","MessageTemplate":"started"}',
      ts: '2024-03-01T12:00:00.000Z',
      level: 'info',
    },
    {
      line: '{"severity":"ERROR","timestamp":{"seconds":1709294400,"nanos":123456789},"message":"payment failed"}',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'error',
    },
    {
      line: '{"instant":{"epochSecond":1709294400,"nanoOfSecond":123000000},"thread":"main","level":"WARN","message":"slow"}',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'warn',
    },
    {
      line: '{"time_local":"01/Mar/2024:13:00:00 +0100","request":"GET /api HTTP/1.1","status":"502"}',
      ts: '2024-03-01T12:00:00Z',
      level: 'error',
    },
    {
      line: '{"kind":"Event","level":"Metadata","requestReceivedTimestamp":"2024-03-01T12:00:00.5Z","responseStatus":{"code":404}}',
      ts: '2024-03-01T12:00:00.500Z',
      level: 'warn',
    },
    {
      line: '{"@level":"warn","@message":"core: seal check failed","@module":"core","@timestamp":"2024-03-01T12:00:00.123456Z"}',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'warn',
    },
    {
      line: '{"timeUnixNano":"1709294400123999999","severityNumber":17,"body":"checkout failed","traceId":"5b8efff798038103d269b633813fc60c"}',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'error',
    },
    {
      line: '{"Timestamp":"1709294400999000000","SeverityText":"WARN","Body":"queue backing up","Resource":{"service.name":"cart"}}',
      ts: '2024-03-01T12:00:00.999Z',
      level: 'warn',
    },
    {
      line: '{"@t":"2024-03-01T12:00:00.0000000Z","@mt":"Started {App}","App":"web"}',
      ts: '2024-03-01T12:00:00Z',
      level: 'info',
    },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    if (line.charCodeAt(0) !== 123 || line.charCodeAt(line.length - 1) !== 125) return Match.NoMatch;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return Match.NoMatch;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) return Match.NoMatch;
    const fields = record as Record<string, unknown>;
    out.ts = timeOf(fields, ctx);
    out.level = levelOf(fields);
    return out.ts !== null || out.level !== null ? Match.Complete : Match.Stamped;
  },
};

function timeOf(fields: Record<string, unknown>, ctx: ParseContext): number | null {
  for (const key of JSON_TIME_KEYS) {
    const ts = timeValue(fields[key], ctx);
    if (ts !== undefined) return ts;
  }
  return null;
}

/**
 * A stamp as text, an epoch number, MongoDB's extended JSON `{"$date": …}` or a protobuf Timestamp
 * `{"seconds": …, "nanos": …}`; undefined for anything else.
 */
function timeValue(value: unknown, ctx: ParseContext): number | null | undefined {
  if (typeof value === 'string') return parseStampText(value, ctx) ?? epochText(value);
  if (typeof value === 'number') return epochToMs(value);
  if (value !== null && typeof value === 'object' && '$date' in value) {
    const date = (value as { $date: unknown }).$date;
    if (date !== null && typeof date === 'object' && '$numberLong' in date)
      return timeValue(Number((date as { $numberLong: unknown }).$numberLong), ctx);
    return timeValue(date, ctx);
  }
  if (value !== null && typeof value === 'object' && 'seconds' in value) {
    // Protobuf's Timestamp as Google Cloud Logging takes it: `{"seconds": 1709294400, "nanos": 123000000}`.
    const { seconds, nanos } = value as { seconds: unknown; nanos?: unknown };
    return secondsAndNanos(seconds, nanos);
  }
  if (value !== null && typeof value === 'object' && 'epochSecond' in value) {
    // Log4j 2's JsonLayout: `"instant": {"epochSecond": 1709294400, "nanoOfSecond": 123000000}`.
    const { epochSecond, nanoOfSecond } = value as { epochSecond: unknown; nanoOfSecond?: unknown };
    return secondsAndNanos(epochSecond, nanoOfSecond);
  }
  return undefined;
}

/**
 * An epoch number written as a string (journald's `__REALTIME_TIMESTAMP` in µs, OpenTelemetry's
 * `timeUnixNano`), or null. Digits past the milliseconds are cut as text (nanoseconds exceed a double's
 * exact integers), by the magnitudes epochToMs tells apart.
 */
function epochText(value: string): number | null {
  if (!/^\d{10,19}$/.test(value)) return null;
  const subMillis = value.length >= 17 ? 6 : value.length >= 14 ? 3 : 0;
  return epochToMs(Number(value.slice(0, value.length - subMillis)));
}

function secondsAndNanos(seconds: unknown, nanos: unknown): number | undefined {
  const whole = Number(seconds);
  if (!Number.isFinite(whole)) return undefined;
  return whole * 1000 + Math.floor((Number(nanos) || 0) / 1e6);
}

/** Numbers are seconds (zap, float), milliseconds (Pino, Bunyan), microseconds or nanoseconds by magnitude. */
function epochToMs(value: number): number {
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return value;
  if (value < 1e17) return Math.floor(value / 1e3);
  // Nanoseconds as a number are off by up to 128 from what was written: a millisecond is rounded down
  // only when more than that short of the next.
  return Math.floor((value + 256) / 1e6);
}

/**
 * The level of a JSON object written after a stamp (`kubectl logs --timestamps`, `docker logs -t`), read
 * from its fields as for a JSON line; null when the rest of the line is no JSON object.
 */
export function jsonPayloadLevel(line: string, end: number): Level | null {
  const open = skipBlanks(line, end);
  if (line.charCodeAt(open) !== 123 || line.charCodeAt(line.length - 1) !== 125) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(line.slice(open));
  } catch {
    return null;
  }
  return fields !== null && typeof fields === 'object' && !Array.isArray(fields)
    ? levelOf(fields as Record<string, unknown>)
    : null;
}

function levelOf(fields: Record<string, unknown>): Level | null {
  for (const key of JSON_LEVEL_KEYS) {
    const level = levelValue(fields[key]);
    if (level !== null) return level;
  }
  const log = fields.log;
  if (log !== null && typeof log === 'object') return levelValue((log as Record<string, unknown>).level);
  const otelSeverity = fields.SeverityNumber ?? fields.severityNumber;
  if (typeof otelSeverity === 'number') return levelFromOtelSeverity(otelSeverity);
  // MongoDB's severity: F, E, W, I, D1 … D5.
  if (typeof fields.s === 'string' && fields.s.length <= 2) return levelFromLetter(fields.s.charCodeAt(0));
  const status = statusOf(fields);
  if (status !== null) return levelFromHttpStatus(status);
  // Serilog's compact format leaves out `@l` when the level is Information.
  if (typeof fields['@mt'] === 'string' || typeof fields['@m'] === 'string') return 'info';
  for (const key of JSON_TEXT_KEYS) {
    const text = fields[key];
    if (typeof text === 'string') return findLevel(text, 0);
  }
  return null;
}

/** OpenTelemetry's SeverityNumber: 1–4 TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN, 17–20 ERROR, 21–24 FATAL. */
function levelFromOtelSeverity(value: number): Level | null {
  if (!Number.isInteger(value) || value < 1 || value > 24) return null;
  return OTEL_SEVERITY[(value - 1) >> 2];
}

const OTEL_SEVERITY: readonly Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** An HTTP status (100–599) as a number, a string of digits or Kubernetes' `{"code": 500}`, or null. */
function statusOf(fields: Record<string, unknown>): number | null {
  for (const key of STATUS_KEYS) {
    let value = fields[key];
    if (value !== null && typeof value === 'object') value = (value as { code?: unknown }).code;
    const status = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
    if (typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599)
      return status;
  }
  return null;
}

function levelValue(value: unknown): Level | null {
  // journald's PRIORITY is a syslog severity written as a string.
  if (typeof value === 'string')
    return /^\d{1,2}$/.test(value) ? levelFromNumber(Number(value)) : levelFromFieldValue(value);
  if (typeof value === 'number') return levelFromNumber(value);
  return null;
}
