import type { Level } from '../../../shared/types';
import { Match, type LineFields, type LogFormat } from '../parser/log-format';

/** The console logger's four-letter levels. */
const LEVELS = new Map<string, Level>([
  ['trce', 'trace'],
  ['dbug', 'debug'],
  ['info', 'info'],
  ['warn', 'warn'],
  ['fail', 'error'],
  ['crit', 'fatal'],
]);

/**
 * .NET's default console logger (ASP.NET Core in containers): `fail: Category[EventId]`, then the message
 * indented on the next lines. It writes no timestamp.
 */
export const dotnetConsoleFormat: LogFormat = {
  name: 'dotnet-console',
  description: ".NET console logger: 'info: Category[EventId]' then the indented message",
  specificity: 60,
  samples: [
    { line: 'info: Microsoft.Hosting.Lifetime[14]', ts: null, level: 'info' },
    { line: 'fail: Microsoft.AspNetCore.Server.Kestrel[13]', ts: null, level: 'error' },
    { line: 'crit: Shop.Checkout.PaymentService[0]', ts: null, level: 'fatal' },
  ],
  parse(line: string, out: LineFields): Match {
    if (line.charCodeAt(4) !== 58 || line.charCodeAt(5) !== 32) return Match.NoMatch;
    const level = LEVELS.get(line.slice(0, 4));
    if (level === undefined) return Match.NoMatch;
    out.ts = null;
    out.level = level;
    return Match.Complete;
  },
};
