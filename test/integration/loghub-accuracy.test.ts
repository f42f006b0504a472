import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import type { Level } from '../../src/shared/types';
import { levelFromLetter, levelFromWord } from '../../src/engine/ingest/parser/levels';
import { createSourceParser, type ParsedEvent } from '../../src/engine/ingest/parser/source-parser';
import { sharedDataDir } from '../harness/shared-data';

// Loghub's structured CSVs are the ground truth. Truth timestamps are rebuilt from the CSV's own date and
// time columns with independent regular expressions, so the parser's scanners are not checked against
// themselves. Year-less truth takes the same year the parser is given.

const YEAR = 2016;
const THRESHOLD = 0.99;
const MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec';

interface SystemResult {
  system: string;
  format: string | null;
  lines: number;
  tsChecked: number;
  tsRight: number;
  levelChecked: number;
  levelRight: number;
  note: string;
}

const root = sharedDataDir('loghub');
const TRUTH_SUFFIX = '_structured.csv';

/** Each system's logs with their ground truth beside them (`X_2k.log` and `X_2k.log_structured.csv`, or larger samples). */
const samples: { system: string; log: string; truth: string }[] = root
  ? readdirSync(root).flatMap((system) => {
      const dir = path.join(root, system);
      if (!statSync(dir).isDirectory()) return [];
      return readdirSync(dir)
        .filter((name) => name.endsWith(TRUTH_SUFFIX))
        .map((name) => ({
          system,
          log: path.join(dir, name.slice(0, -TRUTH_SUFFIX.length)),
          truth: path.join(dir, name),
        }))
        .filter((sample) => existsSync(sample.log));
    })
  : [];

describe.skipIf(root === null)('parser accuracy on Loghub samples', () => {
  const results: SystemResult[] = [];

  it.each(samples.map((sample) => [path.basename(sample.log), sample] as const))(
    'reads timestamps and levels of %s as its ground truth does',
    async (_name, sample) => {
      const result = await measure(sample.system, sample.log, sample.truth);
      results.push(result);
      if (results.length === samples.length) printTable(results);
      if (result.tsChecked > 0) expect(result.tsRight / result.tsChecked).toBeGreaterThanOrEqual(THRESHOLD);
      if (result.levelChecked > 0)
        expect(result.levelRight / result.levelChecked).toBeGreaterThanOrEqual(THRESHOLD);
    },
  );
});

async function measure(system: string, log: string, truth: string): Promise<SystemResult> {
  const parser = createSourceParser({ year: YEAR, timezone: 'UTC' });
  const events: ParsedEvent[] = [];
  const lines = createInterface({
    input: createReadStream(log),
    crlfDelay: Infinity,
  });
  for await (const line of lines) parser.push(line, events);
  parser.flush(events);
  const byLine = new Map(events.map((event) => [event.line, event]));

  const rows = parseCsv(readFileSync(truth, 'utf8'));
  const header = rows.shift() as string[];
  const column = (name: string) => header.indexOf(name);
  const result: SystemResult = {
    system,
    format: parser.format,
    lines: rows.length,
    tsChecked: 0,
    tsRight: 0,
    levelChecked: 0,
    levelRight: 0,
    note: '',
  };
  for (const row of rows) {
    const event = byLine.get(Number(row[column('LineId')]));
    const truthTs = truthTimestamp(row, column);
    if (truthTs !== undefined) {
      result.tsChecked++;
      if (event && event.ts !== null && Math.floor(event.ts / 1000) === Math.floor(truthTs / 1000))
        result.tsRight++;
    }
    const truthLevel = column('Level') >= 0 ? normaliseTruthLevel(row[column('Level')]) : null;
    if (truthLevel !== null) {
      result.levelChecked++;
      if (event?.level === truthLevel) result.levelRight++;
    }
  }
  if (result.tsChecked === 0) result.note = 'no date in the truth: timestamps not checked';
  else if (result.levelChecked === 0) result.note = 'no level in the truth';
  return result;
}

/** The truth timestamp of a row from its Date/Day/Month/Time columns; undefined when the row has no date. */
function truthTimestamp(row: string[], column: (name: string) => number): number | undefined {
  const get = (name: string) => (column(name) >= 0 ? row[column(name)] : '');
  const time = get('Time');
  let m: RegExpExecArray | null;
  // Columns that hold a whole stamp by themselves: BGL's `2005-06-03-15.42.50.675872`, HPC's epoch
  // seconds, Proxifier's year-less `10.30 16:49:06`.
  if ((m = /^(\d{4})-(\d\d)-(\d\d)-(\d\d)\.(\d\d)\.(\d\d)/.exec(time)))
    return utc(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]);
  if (/^\d{9,10}$/.test(time)) return Number(time) * 1000;
  if ((m = /^(\d\d)\.(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(time)))
    return utc(YEAR, +m[1], +m[2], +m[3], +m[4], +m[5]);
  // Thunderbird: a collector's date (its year) beside the syslog month, day and time.
  const collectorDate = /^(\d{4})\.\d\d\.\d\d$/.exec(get('Date'));
  if (
    collectorDate &&
    (m = /^(\w{3}) (\d+) (\d\d):(\d\d):(\d\d)$/.exec(`${get('Month')} ${get('Day')} ${time}`))
  )
    return utc(+collectorDate[1], monthOf(m[1]), +m[2], +m[3], +m[4], +m[5]);
  const text = [get('Month'), get('Date'), get('Day'), time].filter((part) => part !== '').join(' ');
  if ((m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/.exec(text)))
    return utc(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]);
  if ((m = /^(\d\d)(\d\d)(\d\d) (\d\d)(\d\d)(\d\d)$/.exec(text)))
    return utc(2000 + +m[1], +m[2], +m[3], +m[4], +m[5], +m[6]);
  if ((m = /^(\d\d)\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(text)))
    return utc(2000 + +m[1], +m[2], +m[3], +m[4], +m[5], +m[6]);
  if ((m = /^(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/.exec(text)))
    return utc(YEAR, +m[1], +m[2], +m[3], +m[4], +m[5]);
  if ((m = /^(\d{4})(\d\d)(\d\d)-(\d+):(\d+):(\d+)/.exec(text)))
    return utc(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]);
  if ((m = /^\w{3} (\w{3}) (\d+) (\d\d):(\d\d):(\d\d) (\d{4})$/.exec(text)))
    return utc(+m[6], monthOf(m[1]), +m[2], +m[3], +m[4], +m[5]);
  if ((m = /^(\w{3}) (\d+) (\d\d):(\d\d):(\d\d)$/.exec(text)))
    return utc(YEAR, monthOf(m[1]), +m[2], +m[3], +m[4], +m[5]);
  return undefined;
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function monthOf(name: string): number {
  return MONTHS.indexOf(name.toLowerCase()) / 3 + 1;
}

function normaliseTruthLevel(text: string): Level | null {
  return text.length === 1 ? levelFromLetter(text.charCodeAt(0)) : levelFromWord(text);
}

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

function printTable(results: SystemResult[]): void {
  const percent = (right: number, checked: number) =>
    checked === 0 ? 'n/a' : `${((100 * right) / checked).toFixed(2)}%`;
  const lines = [
    '| system | format | lines | timestamp right | level right | note |',
    '|---|---|---|---|---|---|',
    ...results
      .sort((a, b) => a.system.localeCompare(b.system))
      .map(
        (r) =>
          `| ${r.system} | ${r.format} | ${r.lines} | ${percent(r.tsRight, r.tsChecked)} | ${percent(r.levelRight, r.levelChecked)} | ${r.note} |`,
      ),
  ];
  console.log(lines.join('\n'));
}
