import type { Level } from '../../../shared/types';
import { levelFromNumber, levelFromWord } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { parseStampText } from './stamps/any-stamp';

/** Field names of Bunyan, Pino, zap, logrus, ECS, GELF and python-json-logger, in order of preference. */
const TIME_KEYS = ['@timestamp', 'timestamp', 'time', 'ts', 'datetime', 'date', 'asctime', 't', '@t'];
const LEVEL_KEYS = ['level', 'severity', 'lvl', 'log.level', 'levelname', 'loglevel', 'log_level', '@l'];

export const jsonLinesFormat: LogFormat = {
  name: 'json',
  description:
    'JSON lines (Bunyan, Pino, zap, logrus, ECS): time/timestamp/@timestamp/ts and level/severity/lvl',
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
    const value = fields[key];
    if (typeof value === 'string') return parseStampText(value, ctx);
    if (typeof value === 'number') return epochToMs(value);
  }
  return null;
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
  return log !== null && typeof log === 'object' ? levelValue((log as Record<string, unknown>).level) : null;
}

function levelValue(value: unknown): Level | null {
  if (typeof value === 'string') return levelFromWord(value);
  if (typeof value === 'number') return levelFromNumber(value);
  return null;
}
