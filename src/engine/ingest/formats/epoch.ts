import { leadingStampFormat } from './leading-stamp-format';
import { scanEpochStamp } from './stamps/epoch-stamp';

export const epochFormat = leadingStampFormat({
  name: 'epoch',
  description: 'Lines opening with Unix time in seconds (optionally fractional), milliseconds, µs or ns',
  specificity: 20,
  scan: scanEpochStamp,
  samples: [
    { line: '1709294400 INFO started', ts: '2024-03-01T12:00:00Z', level: 'info' },
    { line: '1709294400.25 worker 3 ERROR crashed', ts: '2024-03-01T12:00:00.250Z', level: 'error' },
    { line: '1709294400123 [warn] slow query', ts: '2024-03-01T12:00:00.123Z', level: 'warn' },
  ],
});
