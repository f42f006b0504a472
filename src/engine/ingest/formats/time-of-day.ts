import { leadingStampFormat } from './leading-stamp-format';
import { scanTimeOnlyStamp } from './stamps/time-only-stamp';

export const timeOfDayFormat = leadingStampFormat({
  name: 'time-of-day',
  description:
    "Lines opening with a time of day only (logback's console 'HH:mm:ss.SSS'), dated by the receive clock",
  specificity: 20,
  scan: scanTimeOnlyStamp,
  samples: [
    // Read at 2024-06-15 00:00 UTC: noon is ahead of the clock, so yesterday's; half past midnight is today's.
    {
      line: '12:00:00.123 [main] INFO  com.example.App - started',
      ts: '2024-06-14T12:00:00.123Z',
      level: 'info',
    },
    { line: '00:30:00 [worker-1] WARN  Pool - exhausted', ts: '2024-06-15T00:30:00Z', level: 'warn' },
    { line: '[23:59:59] ERROR disk full', ts: '2024-06-14T23:59:59Z', level: 'error' },
    {
      line: "[12:00:01] [Server thread/WARN]: Can't keep up! Is the server overloaded?",
      ts: '2024-06-14T12:00:01Z',
      level: 'warn',
    },
    { line: '12:00AM INF server started port=8080', ts: '2024-06-15T00:00:00Z', level: 'info' },
    { line: '3:04PM ERR request failed', ts: '2024-06-14T15:04:00Z', level: 'error' },
  ],
});
