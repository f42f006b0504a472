import type { Level } from '../../../shared/types';
import { wallClockMs } from '../parser/civil-time';
import { levelFromHttpStatus } from '../parser/levels';
import { Match, type FormatSample, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { fixedDigits, isDigit, readFractionMs } from '../parser/scan';

/** Where a source's fields are, by position: from its `#Fields:` directive, else IIS's default layout. */
interface Layout {
  date: number;
  time: number;
  /** -1 when the lines carry no HTTP status (a firewall log, say). */
  status: number;
  /** Fields the directive names; without one, only lines with exactly IIS's default count are taken. */
  fields: number;
}

const FIELDS_DIRECTIVE = '#Fields:';
const HASH = 35;
const TAB = 9;
const SPACE = 32;

/** IIS's default W3C fields, written when no directive has been seen (a tail that starts mid-file). */
const IIS_DEFAULT: Layout = { date: 0, time: 1, status: 11, fields: 15 };

const SAMPLES: FormatSample[] = [
  {
    line: '2024-03-01 12:00:02 10.0.0.1 POST /api - 80 - 10.0.0.2 Mozilla/5.0 - 500 0 0 3000',
    ts: '2024-03-01T12:00:02Z',
    level: 'error',
  },
  {
    line: '2024-03-01 12:00:01 10.0.0.1 GET /missing - 80 - 10.0.0.2 Mozilla/5.0 - 404 0 2 15',
    ts: '2024-03-01T12:00:01Z',
    level: 'warn',
  },
  { line: '#Fields: date time s-ip cs-method cs-uri-stem sc-status', ts: null, level: null },
];

/**
 * The W3C extended log file format (IIS, CloudFront, Windows Firewall): `#` directives, then lines of
 * space- or tab-separated fields named by the last `#Fields:` directive. Dates and times are UTC, as
 * the format defines; the level comes from `sc-status` where the lines carry it.
 */
export const w3cExtendedFormat: LogFormat = {
  name: 'w3c-extended',
  description:
    "W3C extended log (IIS, CloudFront): '#Fields: date time … sc-status …' then one line per request",
  specificity: 70,
  samples: SAMPLES,
  parse: () => Match.NoMatch,
  fit(lines: readonly string[]): LogFormat | null {
    const directive = lines.find((line) => line.startsWith(FIELDS_DIRECTIVE));
    const layout = directive === undefined ? IIS_DEFAULT : layoutOf(directive);
    return layout === null ? null : fitted(layout, directive !== undefined);
  },
};

function fitted(initial: Layout, declared: boolean): LogFormat {
  // A server restarted with other fields writes a new directive; the lines after it follow that one.
  let layout = initial;
  // Without a directive only IIS's default lines are taken: other text with a date and a time is not this.
  let undeclared = !declared;
  return {
    ...w3cExtendedFormat,
    fit: undefined,
    parse(line: string, out: LineFields, _ctx: ParseContext): Match {
      if (line.charCodeAt(0) === HASH) {
        const next = line.startsWith(FIELDS_DIRECTIVE) ? layoutOf(line) : null;
        if (next !== null) {
          layout = next;
          undeclared = false;
        }
        if (undeclared) return Match.NoMatch;
        out.ts = null;
        out.level = null;
        return Match.Stamped;
      }
      if (undeclared && countFields(line) !== layout.fields) return Match.NoMatch;
      const ts = readDateTime(line, layout);
      if (ts === null) return Match.NoMatch;
      out.ts = ts;
      out.level = layout.status < 0 ? null : statusLevel(line, layout);
      return out.level === null && layout.status >= 0 ? Match.Stamped : Match.Complete;
    },
  };
}

/** Positions of the fields a `#Fields:` directive names; null without both a date and a time. */
function layoutOf(directive: string): Layout | null {
  const names = directive.slice(FIELDS_DIRECTIVE.length).trim().split(/\s+/);
  const date = names.indexOf('date');
  const time = names.indexOf('time');
  if (date < 0 || time < 0) return null;
  return { date, time, status: names.indexOf('sc-status'), fields: names.length };
}

/** Where field `index` (0-based; fields are separated by one space or tab) starts, or -1 when there are fewer. */
function fieldStart(line: string, index: number): number {
  let i = 0;
  for (let field = 0; field < index; field++) {
    while (i < line.length && line.charCodeAt(i) !== SPACE && line.charCodeAt(i) !== TAB) i++;
    if (i >= line.length) return -1;
    i++;
  }
  return i;
}

function countFields(line: string): number {
  let count = 1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === SPACE || c === TAB) count++;
  }
  return count;
}

/** `YYYY-MM-DD` and `HH:MM:SS[.fff]` in their fields, as UTC; null when either is not there. */
function readDateTime(line: string, layout: Layout): number | null {
  const d = fieldStart(line, layout.date);
  const t = fieldStart(line, layout.time);
  if (d < 0 || t < 0) return null;
  const year = fixedDigits(line, d, 4);
  if (year < 0 || line.charCodeAt(d + 4) !== 45 || line.charCodeAt(d + 7) !== 45) return null;
  const month = fixedDigits(line, d + 5, 2);
  const day = fixedDigits(line, d + 8, 2);
  const hour = fixedDigits(line, t, 2);
  const minute = fixedDigits(line, t + 3, 2);
  const second = fixedDigits(line, t + 6, 2);
  if (line.charCodeAt(t + 2) !== 58 || line.charCodeAt(t + 5) !== 58) return null;
  if (month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  const ms =
    line.charCodeAt(t + 8) === 46 && isDigit(line.charCodeAt(t + 9)) ? readFractionMs(line, t + 9) : 0;
  const wall = wallClockMs(year, month, day, hour, minute, second, ms);
  return Number.isNaN(wall) ? null : wall;
}

function statusLevel(line: string, layout: Layout): Level | null {
  const s = fieldStart(line, layout.status);
  if (s < 0) return null;
  const status = fixedDigits(line, s, 3);
  const after = line.charCodeAt(s + 3);
  if (status < 100 || status > 599 || !(Number.isNaN(after) || after === SPACE || after === TAB)) return null;
  return levelFromHttpStatus(status);
}
