import { createReadStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import {
  createSourceParser,
  listFormats,
  type ParsedEvent,
  type SourceParser,
} from '../../engine/ingest/parser/source-parser';
import { SniffingLineSplitter, type SplitResult } from '../../engine/ingest/line-splitter';
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
      await parseFile(file, parser, io);
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

/**
 * Streams the file through the splitter the live tail uses, so that a large log is never held in memory
 * and a file reads as it would from a host: UTF-16 decoded as such, CRLF endings dropped, a gigantic (or
 * newline-less binary) line cut at the same length and saying how long it was, a hole of NUL bytes skipped
 * and said on stderr.
 */
async function parseFile(
  file: string,
  parser: SourceParser,
  io: Pick<CliIo, 'stdout' | 'stderr'>,
): Promise<void> {
  const { stdout } = io;
  const events: ParsedEvent[] = [];
  let linesRead = 0;
  const parseLines = ({ lines, holes }: SplitResult) => {
    for (const hole of holes ?? [])
      io.stderr.write(
        `${file}: line ${linesRead + hole.beforeLine + 1}: ${hole.bytes} NUL bytes skipped before it (a hole in the file, as a crash leaves)\n`,
      );
    for (const line of lines) parser.push(line, events);
    linesRead += lines.length;
  };
  const writeEvents = async () => {
    if (events.length === 0) return;
    const text = events.map((event) => JSON.stringify(event)).join('\n') + '\n';
    events.length = 0;
    if (!stdout.write(text)) await once(stdout, 'drain');
  };
  const splitter = new SniffingLineSplitter();
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    parseLines(splitter.push(chunk as Buffer));
    await writeEvents();
  }
  parseLines(splitter.flush());
  parser.flush(events);
  await writeEvents();
}
