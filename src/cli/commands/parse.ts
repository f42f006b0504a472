import { createReadStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs, TextDecoder } from 'node:util';
import {
  createSourceParser,
  listFormats,
  type ParsedEvent,
  type SourceParser,
} from '../../engine/ingest/parser/source-parser';
import { sniffEncoding, type TextEncoding } from '../../engine/ingest/line-splitter';
import type { CliCommand, CliIo } from '../command';

const USAGE = `watchfloor parse [--format auto|NAME] [--tz ZONE] [--year YYYY] FILE

Parses a log file and prints one JSON object per event (line, ts, level, format, message).
--format  auto (default) detects the format from the first lines; NAME pins one (see below)
--tz      timezone of stamps without an offset: an IANA name or +HHMM (default UTC)
--year    year of the first year-less stamp (default: this year)

formats:
${listFormats()
  .map((f) => `  ${f.name.padEnd(20)} ${f.description}`)
  .join('\n')}`;

class UsageError extends Error {}

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: 'Parse a log file into NDJSON events (timestamp, level, multi-line joins)',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    let file: string;
    let parser: SourceParser;
    try {
      ({ file, parser } = parserFor(argv, io));
    } catch (error) {
      io.stderr.write(`watchfloor parse: ${(error as Error).message}\n\nusage: ${USAGE}\n`);
      return 2;
    }
    try {
      await parseFile(file, parser, io.stdout);
      return 0;
    } catch (error) {
      io.stderr.write(`watchfloor parse: cannot read ${file}: ${(error as Error).message}\n`);
      return 1;
    }
  },
};

function parserFor(argv: string[], io: CliIo): { file: string; parser: SourceParser } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { format: { type: 'string' }, tz: { type: 'string' }, year: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('expected exactly one FILE');
  if (values.year !== undefined && !/^\d{4}$/.test(values.year)) {
    throw new UsageError(`--year must be a four-digit year, not "${values.year}"`);
  }
  const year = values.year === undefined ? undefined : Number(values.year);
  const parser = createSourceParser({ format: values.format, timezone: values.tz, year });
  return { file: path.resolve(io.cwd, positionals[0]), parser };
}

const DECODER_LABELS: Record<TextEncoding, string> = {
  utf8: 'utf-8',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
};

/** Streams the file line by line so that a large log is never held in memory; UTF-16 files are decoded as such. */
async function parseFile(file: string, parser: SourceParser, stdout: NodeJS.WritableStream): Promise<void> {
  const events: ParsedEvent[] = [];
  let rest = '';
  const writeEvents = async () => {
    if (events.length === 0) return;
    const text = events.map((event) => JSON.stringify(event)).join('\n') + '\n';
    events.length = 0;
    if (!stdout.write(text)) await once(stdout, 'drain');
  };
  let decoder: TextDecoder | null = null;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    decoder ??= new TextDecoder(DECODER_LABELS[sniffEncoding(chunk as Buffer)]);
    const text = rest + decoder.decode(chunk as Buffer, { stream: true });
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      parser.push(withoutCarriageReturn(text.slice(start, end)), events);
      start = end + 1;
    }
    rest = text.slice(start);
    await writeEvents();
  }
  rest += decoder?.decode() ?? '';
  if (rest !== '') parser.push(withoutCarriageReturn(rest), events);
  parser.flush(events);
  await writeEvents();
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
