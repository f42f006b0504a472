import type { Level } from '../../../shared/types';
import { findLevel } from '../parser/level-finder';
import { levelFromLetter, levelFromNumber, levelFromWord } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { parseStampText } from './stamps/any-stamp';

/**
 * Field names of Bunyan, Pino, zap, logrus, ECS, GELF, python-json-logger, Serilog (capitalised) and
 * MongoDB, in order of preference.
 */
const TIME_KEYS = [
  '@timestamp',
  'timestamp',
  'time',
  'ts',
  'datetime',
  'date',
  'asctime',
  't',
  '@t',
  'Timestamp',
  'Time',
];
const LEVEL_KEYS = [
  'level',
  'severity',
  'lvl',
  'log.level',
  'levelname',
  'loglevel',
  'log_level',
  '@l',
  'Level',
  'Severity',
];
/** Where the text is, when no field gives the level: Docker's json-file `log`, or the message itself. */
const TEXT_KEYS = ['log', 'msg', 'message', 'MESSAGE'];

export const jsonLinesFormat: LogFormat = {
  name: 'json',
  description:
    'JSON lines (Bunyan, Pino, zap, logrus, ECS, Serilog, MongoDB, Docker): time/timestamp/@timestamp/ts and level/severity/lvl',
  specificity: 90,
  samples: [
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
  for (const key of TIME_KEYS) {
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
  if (typeof value === 'string') return parseStampText(value, ctx);
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
    const whole = Number(seconds);
    if (!Number.isFinite(whole)) return undefined;
    return whole * 1000 + Math.floor((Number(nanos) || 0) / 1e6);
  }
  return undefined;
}

/** Numbers are seconds (zap, float), milliseconds (Pino, Bunyan), microseconds or nanoseconds by magnitude. */
function epochToMs(value: number): number {
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return value;
  if (value < 1e17) return Math.floor(value / 1e3);
  return Math.floor(value / 1e6);
}

function levelOf(fields: Record<string, unknown>): Level | null {
  for (const key of LEVEL_KEYS) {
    const level = levelValue(fields[key]);
    if (level !== null) return level;
  }
  const log = fields.log;
  if (log !== null && typeof log === 'object') return levelValue((log as Record<string, unknown>).level);
  // MongoDB's severity: F, E, W, I, D1 … D5.
  if (typeof fields.s === 'string' && fields.s.length <= 2) return levelFromLetter(fields.s.charCodeAt(0));
  for (const key of TEXT_KEYS) {
    const text = fields[key];
    if (typeof text === 'string') return findLevel(text, 0);
  }
  return null;
}

function levelValue(value: unknown): Level | null {
  if (typeof value === 'string') return levelFromWord(value);
  if (typeof value === 'number') return levelFromNumber(value);
  return null;
}
