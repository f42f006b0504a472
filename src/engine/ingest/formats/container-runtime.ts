import type { Level } from '../../../shared/types';
import { detectFormat } from '../parser/detect-format';
import { findLevel } from '../parser/level-finder';
import { Match, type FormatSample, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { scanIsoStamp } from './stamps/iso-stamp';

const NAME = 'cri';
const DESCRIPTION =
  "Kubernetes container logs (CRI: containerd, CRI-O): 'RFC3339Nano stdout|stderr F|P payload', the payload's own format detected per source";
/** Share of the sample lines that must carry the runtime's prefix. */
const MIN_SHARE = 0.6;
/**
 * Share of the payloads the detected payload format must start events on to be used; below it the payloads
 * are of mixed kinds (a banner, then JSON) and each line is an event of its own (see anyFormatLevel).
 */
const MIN_PAYLOAD_EVENT_SHARE = 0.5;
const SPECIFICITY = 95;

const SAMPLES: FormatSample[] = [
  {
    line: '2024-03-01T12:00:00.123456789Z stderr F {"level":"error","ts":1709294400.1,"msg":"dial failed"}',
    ts: '2024-03-01T12:00:00.123Z',
    level: 'error',
  },
  {
    line: '2024-03-01T12:00:01.5+01:00 stdout F time="2024-03-01T11:00:01Z" level=warning msg="slow"',
    ts: '2024-03-01T11:00:01.500Z',
    level: 'warn',
  },
  {
    line: '2024-03-01T12:00:02.000000001Z stdout F E0301 12:00:02.000000       1 reflector.go:138] list failed',
    ts: '2024-03-01T12:00:02Z',
    level: 'error',
  },
  {
    line: '2024-03-01T12:00:03Z stdout F 10.0.0.1 - - [01/Mar/2024:12:00:03 +0000] "GET / HTTP/1.1" 503 12',
    ts: '2024-03-01T12:00:03Z',
    level: 'error',
  },
  {
    line: '2024-03-01T12:00:04Z stdout P the head of a line longer than 16 KiB',
    ts: '2024-03-01T12:00:04Z',
    level: null,
  },
];

/**
 * Where the payload of a container runtime's line starts (after `stamp stream tag `), or -1. The stamp is
 * read into `ctx.ts`.
 */
function payloadStart(line: string, ctx: ParseContext): number {
  const end = scanIsoStamp(line, 0, ctx);
  if (end < 0 || line.charCodeAt(end) !== 32) return -1;
  const stream = end + 1;
  if (!line.startsWith('stdout ', stream) && !line.startsWith('stderr ', stream)) return -1;
  const tag = line.charCodeAt(stream + 7);
  // F: a full line; P: part of one the runtime split (at 16 KiB).
  if ((tag !== 70 && tag !== 80) || !isTagEnd(line, stream + 8)) return -1;
  return stream + 9 > line.length ? line.length : stream + 9;
}

function isTagEnd(line: string, pos: number): boolean {
  return pos === line.length || line.charCodeAt(pos) === 32;
}

/**
 * The level of a payload of no single format: the first format that reads the payload whole with a level
 * gives it (a JSON object's fields, logfmt's `level=`, klog's letter, an access log's status), else a
 * level word.
 */
function anyFormatLevel(payload: string, formats: readonly LogFormat[], ctx: ParseContext): Level | null {
  const fields: LineFields = { ts: null, level: null };
  for (const format of formats) {
    if (format.parse(payload, fields, ctx) === Match.Complete && fields.level !== null) return fields.level;
  }
  return findLevel(payload, 0);
}

/**
 * Each line of a container's log as the runtime writes it, whatever the container prints: the runtime's
 * stamp (nanoseconds, with its offset) is the event's time; the payload's format, detected among
 * `payloadFormats` from the source's first lines, gives the level and says which lines continue the
 * event before them (a stack trace printed line by line).
 */
export function containerRuntimeFormat(payloadFormats: readonly LogFormat[]): LogFormat {
  return {
    ...layout(null, payloadFormats),
    envelope: true,
    fit(lines: readonly string[], ctx: ParseContext): LogFormat | null {
      const payloads: string[] = [];
      for (const line of lines) {
        const payload = payloadStart(line, ctx);
        if (payload >= 0) payloads.push(line.slice(payload));
      }
      if (payloads.length < lines.length * MIN_SHARE) return null;
      const inner = consistentFormat(payloads, detectFormat(payloads, payloadFormats, ctx), ctx);
      return layout(inner, payloadFormats);
    },
  };
}

/** The format for payloads in `inner` (null: of mixed kinds). */
function layout(inner: LogFormat | null, payloadFormats: readonly LogFormat[]): LogFormat {
  return {
    name: NAME,
    description: DESCRIPTION,
    specificity: SPECIFICITY,
    samples: SAMPLES,
    parse: (line, out, ctx) => parseWith(inner, payloadFormats, line, out, ctx),
  };
}

function consistentFormat(
  payloads: readonly string[],
  format: LogFormat | null,
  ctx: ParseContext,
): LogFormat | null {
  if (format === null) return null;
  const fields: LineFields = { ts: null, level: null };
  const events = payloads.filter((payload) => format.parse(payload, fields, ctx) !== Match.NoMatch).length;
  return events >= payloads.length * MIN_PAYLOAD_EVENT_SHARE ? format : null;
}

/**
 * `inner` (the payloads' format, or null for payloads of mixed kinds) says whether the line starts an event
 * and gives its level; its stamp, when the payload has one, is a less precise copy of the runtime's.
 */
function parseWith(
  inner: LogFormat | null,
  payloadFormats: readonly LogFormat[],
  line: string,
  out: LineFields,
  ctx: ParseContext,
): Match {
  const start = payloadStart(line, ctx);
  if (start < 0) return Match.NoMatch;
  const ts = ctx.ts;
  const payload = line.slice(start);
  if (inner === null) {
    out.level = anyFormatLevel(payload, payloadFormats, ctx);
  } else if (inner.parse(payload, out, ctx) === Match.NoMatch) {
    return Match.NoMatch;
  }
  out.ts = ts;
  return Match.Complete;
}
