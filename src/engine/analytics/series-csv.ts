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

export function parseTimestamp(text: string): number | null {
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
  return null;
}

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
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(delimiter);
    const ts = parseTimestamp(fields[0]);
    if (ts === null) {
      if (points.length === 0 && i === firstContentLine(lines)) continue;
      throw new SeriesCsvError(source, i + 1, `bad timestamp ${JSON.stringify(fields[0])}`);
    }
    if (fields.length < 2) throw new SeriesCsvError(source, i + 1, 'expected timestamp,value');
    const raw = fields[1].trim().replace(/^"|"$/g, '');
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
