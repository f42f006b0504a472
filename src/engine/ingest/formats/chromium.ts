import { levelFromUpperWord } from '../parser/levels';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';
import type { ParseContext } from '../parser/parse-context';
import { fixedDigits, isDigit } from '../parser/scan';
import { readPackedTime } from './stamps/compact-stamp';

const OPEN_BRACKET = 91;
const COLON = 58;
const SLASH = 47;
/** Process and thread ids, each optional, come before the stamp. */
const MAX_ID_FIELDS = 2;

/**
 * Chromium's logging (Chrome, Electron and CEF applications, Chromium-based services):
 * `[pid:tid:MMDD/HHMMSS.uuuuuu:LEVEL:file.cc(line)] message`, year-less; the ids and a tick count are
 * optional fields, and verbose levels are numbered (`VERBOSE1`).
 */
export const chromiumFormat: LogFormat = {
  name: 'chromium',
  description: "Chromium, Electron and CEF logs: '[1234:5678:0301/120000.123456:ERROR:file.cc(12)] message'",
  specificity: 80,
  samples: [
    {
      line: '[1234:5678:0301/120000.123456:ERROR:gpu_init.cc(523)] Passthrough is not supported, GL is disabled',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'error',
    },
    {
      line: '[1234:5679:0301/120001.223456:WARNING:dns_config_service_linux.cc(427)] Failed to read DnsConfig.',
      ts: '2024-03-01T12:00:01.223Z',
      level: 'warn',
    },
    {
      line: '[0301/120002.5:INFO:CONSOLE(12)] "Uncaught TypeError", source: app.js',
      ts: '2024-03-01T12:00:02.500Z',
      level: 'info',
    },
    {
      line: '[77:0301/120003.000001:123456789:VERBOSE1:network_delegate.cc(40)] request started',
      ts: '2024-03-01T12:00:03Z',
      level: 'trace',
    },
  ],
  parse(line: string, out: LineFields, ctx: ParseContext): Match {
    if (line.charCodeAt(0) !== OPEN_BRACKET) return Match.NoMatch;
    let i = 1;
    for (let field = 0; ; field++) {
      const start = i;
      while (isDigit(line.charCodeAt(i))) i++;
      if (i - start === 4 && line.charCodeAt(i) === SLASH) break;
      if (i === start || line.charCodeAt(i) !== COLON || field === MAX_ID_FIELDS) return Match.NoMatch;
      i++;
    }
    const month = fixedDigits(line, i - 4, 2);
    const day = fixedDigits(line, i - 2, 2);
    let end = readPackedTime(line, i + 1, ctx);
    if (end < 0 || line.charCodeAt(end) !== COLON) return Match.NoMatch;
    const ts = ctx.yearlessDate(month, day);
    if (ts !== ts) return Match.NoMatch;
    // An optional tick count, then the level.
    end++;
    const tick = end;
    while (isDigit(line.charCodeAt(end))) end++;
    if (end > tick) {
      if (line.charCodeAt(end) !== COLON) return Match.NoMatch;
      end++;
    }
    const levelEnd = line.indexOf(':', end);
    out.ts = ts;
    out.level = levelEnd < 0 ? null : severity(line.slice(end, levelEnd));
    return out.level === null ? Match.Stamped : Match.Complete;
  },
};

/** INFO, WARNING, ERROR, FATAL, and VERBOSE with its number. */
function severity(word: string): LineFields['level'] {
  return levelFromUpperWord(word) ?? (word.startsWith('VERBOSE') ? 'trace' : null);
}
