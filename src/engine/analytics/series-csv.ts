import { STAMP_SCANNERS } from '../ingest/formats/stamps/any-stamp';
import { createParseContext, type ParseContext } from '../ingest/parser/parse-context';

/** A `timestamp,value` CSV as exported by metric stores and used by the NAB corpus. */
export interface TimedValue {
  /** Epoch milliseconds, UTC. */
  ts: number;
  value: number;
}

export class SeriesCsvError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${source}: ${detail} on line ${line}`);
    this.name = 'SeriesCsvError';
  }
}

// `2014-02-14 14:30:00` and ISO 8601; a timestamp without a zone is taken as UTC.
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Epoch ms of a CSV timestamp: epoch seconds or milliseconds, ISO 8601, or any date-time form the log
 * parser reads (`2024/01/02 10:00:00`, `01/02/2024 10:00`, `02.01.2024 10:00`, `20240102T100000`), zone-less
 * ones in UTC. `context` carries what the file showed of its date order (see parseSeriesCsv).
 */
export function parseTimestamp(text: string, context: ParseContext = createParseContext()): number | null {
  const trimmed = text.trim().replace(/^"|"$/g, '');
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const n = Number(trimmed);
    // Ten-digit epochs are seconds; thirteen-digit ones are milliseconds.
    return n < 1e11 ? n * 1000 : n;
  }
  const match = DATE_TIME.exec(trimmed);
  if (match) {
    const ms = Date.parse(`${match[1]}T${match[2]}${match[3] ?? 'Z'}`);
    return Number.isNaN(ms) ? null : ms;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return Date.parse(`${trimmed}T00:00:00Z`);
  // Zone-less forms are read in UTC, so a trailing Z changes nothing.
  const bare = trimmed.endsWith('Z') ? trimmed.slice(0, -1) : trimmed;
  for (const scan of STAMP_SCANNERS) if (scan(bare, 0, context) === bare.length) return context.ts;
  return null;
}

/** `DD/MM/YYYY` somewhere in the file's first column: a first field over 12 (else dates are month first). */
const DAY_FIRST = /^\s*"?(1[3-9]|2\d|3[01])\/(0?[1-9]|1[0-2])\/\d{4}/m;

/** How exporters write a sample that has no value: empty, NaN, null, NA, a dash. */
const MISSING = /^(|nan|null|none|na|n\/a|-)$/i;

/**
 * Parses the text of a CSV (comma, semicolon or tab separated) whose first two columns are timestamp and value. A header line is recognised
 * by its first field not being a timestamp; samples without a value are left out. Errors name the
 * source and the 1-based line.
 */
export function parseSeriesCsv(text: string, source: string): TimedValue[] {
  const points: TimedValue[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const delimiter = delimiterOf(lines[firstContentLine(lines)] ?? '');
  const context = createParseContext();
  context.dayFirstSlashDates = DAY_FIRST.test(text);
  // Spreadsheets that separate fields with semicolons write decimal commas: `2024-01-02 10:00;1,5`.
  const decimalComma = delimiter === ';';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(delimiter);
    const ts = parseTimestamp(fields[0], context);
    if (ts === null) {
      if (points.length === 0 && i === firstContentLine(lines)) continue;
      throw new SeriesCsvError(source, i + 1, `bad timestamp ${JSON.stringify(fields[0])}`);
    }
    if (fields.length < 2) throw new SeriesCsvError(source, i + 1, 'expected timestamp,value');
    const quoted = fields[1].trim().replace(/^"|"$/g, '');
    const raw = decimalComma ? quoted.replace(',', '.') : quoted;
    // A missing sample is left out: the series is regularised later, and the gap filled there.
    if (MISSING.test(raw)) continue;
    const value = Number(raw);
    if (!Number.isFinite(value))
      throw new SeriesCsvError(source, i + 1, `bad number ${JSON.stringify(fields[1])}`);
    points.push({ ts, value });
  }
  return points;
}

function firstContentLine(lines: readonly string[]): number {
  return lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
}

/** Commas, or the semicolons and tabs some exporters use instead: whichever the first line holds. */
function delimiterOf(line: string): string {
  return [',', ';', '\t'].find((d) => line.includes(d)) ?? ',';
}
