import type { Level } from '../../../shared/types';
import { findLevel } from '../parser/level-finder';
import { levelFromLetter } from '../parser/levels';
import { Match, type FormatSample, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { fixedDigits, skipBlanks, tokenEnd } from '../parser/scan';
import { scanBsdStamp } from './stamps/bsd-stamp';
import { scanCompactStamp } from './stamps/compact-stamp';
import { scanEpochStamp } from './stamps/epoch-stamp';
import { scanIsoStamp } from './stamps/iso-stamp';
import { requestLevel } from './request-level';
import type { StampScanner } from './stamps/any-stamp';

/** How many leading fields (file name, alert tag, record id, node) may precede the stamp. */
const MAX_LEADING_FIELDS = 5;
/** Wall-clock stamps first: where a line carries both, the epoch is usually a collector's receive time. */
const SCANNERS: readonly StampScanner[] = [scanIsoStamp, scanBsdStamp, scanCompactStamp, scanEpochStamp];
/** Share of the sample lines a layout must explain to be chosen. */
const MIN_SHARE = 0.6;

const DESCRIPTION =
  'A stamp of any kind after a fixed number of leading fields (collector or aggregator prefixes)';

const SAMPLES: FormatSample[] = [
  {
    line: '[E 240301 12:00:02 web:2271] 500 GET /y (127.0.0.1) 3.10ms',
    ts: '2024-03-01T12:00:02Z',
    level: 'error',
  },
  {
    line: '[W 2024-03-01 12:00:01.123 ServerApp] No web browser found',
    ts: '2024-03-01T12:00:01.123Z',
    level: 'warn',
  },
  {
    line: '127.0.0.1 - - [01/Mar/2024 12:00:00] "GET /missing HTTP/1.1" 404 -',
    ts: '2024-03-01T12:00:00Z',
    level: 'warn',
  },
  {
    line: 'nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server',
    ts: '2017-05-16T00:00:00.008Z',
    level: 'info',
  },
  { line: 'web-1 | 2024-03-01T12:00:00Z WARN slow', ts: '2024-03-01T12:00:00Z', level: 'warn' },
  {
    line: '- 1117838570 2005.06.03 R02-M1-N0 2005-06-03-15.42.50.675872 R02-M1-N0 RAS KERNEL INFO ok',
    ts: '2005-06-03T15:42:50.675Z',
    level: 'info',
  },
  {
    line: 'ERROR [ReadStage-1] 2024-03-01 12:00:01,456 StorageProxy.java:99 - Read failed',
    ts: '2024-03-01T12:00:01.456Z',
    level: 'error',
  },
  {
    line: '- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed',
    ts: '2005-11-09T12:01:01Z',
    level: null,
  },
];

/** The layout is learnt from the source: which leading field holds the stamp, and which kind of stamp it is. */
export const prefixedFormat: LogFormat = {
  name: 'prefixed',
  description: DESCRIPTION,
  specificity: 10,
  samples: SAMPLES,
  parse: () => Match.NoMatch,
  fit(lines: readonly string[], ctx: ParseContext): LogFormat | null {
    const hits = new Map<number, number>();
    for (const line of lines) {
      const seen = new Set<number>();
      let pos = skipBlanks(line, 0);
      for (let field = 1; field <= MAX_LEADING_FIELDS && pos < line.length; field++) {
        pos = skipBlanks(line, tokenEnd(line, pos));
        const start = line.charCodeAt(pos) === 91 ? pos + 1 : pos;
        SCANNERS.forEach((scan, kind) => {
          const key = field * SCANNERS.length + kind;
          if (!seen.has(key) && scan(line, start, ctx) >= 0) {
            seen.add(key);
            hits.set(key, (hits.get(key) ?? 0) + 1);
          }
        });
      }
    }
    let best = -1;
    for (const [key, count] of hits) {
      if (count < lines.length * MIN_SHARE) continue;
      const kind = key % SCANNERS.length;
      const bestKind = best % SCANNERS.length;
      if (best < 0 || kind < bestKind || (kind === bestKind && key < best)) best = key;
    }
    return best < 0 ? null : layout(Math.floor(best / SCANNERS.length), SCANNERS[best % SCANNERS.length]);
  },
};

function layout(leadingFields: number, scan: StampScanner): LogFormat {
  return {
    name: 'prefixed',
    description: DESCRIPTION,
    specificity: 10,
    samples: SAMPLES,
    parse(line: string, out: LineFields, ctx: ParseContext): Match {
      let pos = skipBlanks(line, 0);
      for (let field = 0; field < leadingFields; field++) {
        if (ctx.lineYear === 0) readDateField(line, pos, ctx);
        pos = skipBlanks(line, tokenEnd(line, pos));
      }
      const stamp = line.charCodeAt(pos) === 91 ? pos + 1 : pos;
      const end = scan(line, stamp, ctx);
      ctx.lineYear = 0;
      if (end < 0) return Match.NoMatch;
      out.ts = ctx.ts;
      // After the stamp, or else among the leading fields (`INFO  [main] 2024-03-01 12:00:00,123 …`).
      out.level =
        findLevel(line, end) ??
        requestLevel(line, end) ??
        (stamp > 0 ? (findLevel(line.slice(0, stamp), 0) ?? bracketedLetterLevel(line)) : null);
      return out.level === null ? Match.Stamped : Match.Complete;
    },
  };
}

/** Tornado's and Jupyter's `[I 240301 12:00:00 web:2271]`: the level's initial opens the bracket. */
function bracketedLetterLevel(line: string): Level | null {
  const letter = line.charCodeAt(1);
  return line.charCodeAt(0) === 91 && letter >= 65 && letter <= 90 && line.charCodeAt(2) === 32
    ? levelFromLetter(letter)
    : null;
}

/**
 * A whole field holding a date alone (`2005.11.09`, `2005-11-09` or `2005/11/09`, Thunderbird's collector
 * prefix) is noted in `ctx`: a year-less stamp of that day after it takes that year.
 */
function readDateField(line: string, pos: number, ctx: ParseContext): void {
  const sep = line.charCodeAt(pos + 4);
  if (tokenEnd(line, pos) !== pos + 10 || (sep !== 45 && sep !== 46 && sep !== 47)) return;
  if (line.charCodeAt(pos + 7) !== sep) return;
  const year = fixedDigits(line, pos, 4);
  const month = fixedDigits(line, pos + 5, 2);
  const day = fixedDigits(line, pos + 8, 2);
  if (year <= 0 || month < 0 || day < 0) return;
  ctx.lineYear = year;
  ctx.lineMonth = month;
  ctx.lineDay = day;
}
