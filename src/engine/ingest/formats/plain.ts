import { findLevel } from '../parser/level-finder';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';

/** The fallback: every line is an event of its own, without a timestamp; a leading level word still counts. */
export const plainFormat: LogFormat = {
  name: 'plain',
  description: 'Unrecognised text: one event per line, no timestamp',
  specificity: 0,
  samples: [
    { line: 'ERROR: cannot open /var/run/app.pid', ts: null, level: 'error' },
    { line: 'hello world', ts: null, level: null },
  ],
  parse(line: string, out: LineFields): Match {
    out.ts = null;
    out.level = findLevel(line, 0);
    return Match.Stamped;
  },
};
