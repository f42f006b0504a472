import { leadingStampFormat } from './leading-stamp-format';
import { scanCompactStamp } from './stamps/compact-stamp';

export const compactDatetimeFormat = leadingStampFormat({
  name: 'compact-datetime',
  description:
    'Packed or non-ISO date-times (20240301-12:00:00:123, 240301 120000, 24/03/01, 03/01/2024, 01.03.2024, 01-Mar-2024, 03/01-12:00:00)',
  specificity: 30,
  scan: scanCompactStamp,
  samples: [
    { line: '[01/Mar/2024 12:00:01] "GET /x HTTP/1.1" 500 456', ts: '2024-03-01T12:00:01Z', level: 'error' },
    {
      line: '20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579',
      ts: '2017-12-23T22:15:29.606Z',
      level: null,
    },
    { line: '20171224-1:2:35:789|Step_LSC|30002312|tick', ts: '2017-12-24T01:02:35.789Z', level: null },
    {
      line: '081109 203615 148 INFO dfs.DataNode$PacketResponder: done',
      ts: '2008-11-09T20:36:15Z',
      level: 'info',
    },
    { line: '17/06/09 20:10:40 WARN storage.BlockManager: slow', ts: '2017-06-09T20:10:40Z', level: 'warn' },
    // Month first when the year-first reading is no date, or is further from the year logs are read in.
    { line: '12/15/23 09:00:00 ERROR queue stalled', ts: '2023-12-15T09:00:00Z', level: 'error' },
    { line: '03/01/24 12:00:00 WARN low disk', ts: '2024-03-01T12:00:00Z', level: 'warn' },
    { line: '3/1/24 12:00:00 INFO started', ts: '2024-03-01T12:00:00Z', level: 'info' },
    {
      line: '[10.30 16:49:06] chrome.exe - proxy.example.org:5070 open',
      ts: '2024-10-30T16:49:06Z',
      level: null,
    },
    { line: '20240301T120000.5 ERROR failed', ts: '2024-03-01T12:00:00.500Z', level: 'error' },
    { line: '03/01/2024 12:00:00 Error: timeout', ts: '2024-03-01T12:00:00Z', level: 'error' },
    { line: '3/1/2024 2:05:09 PM ERROR Connection failed', ts: '2024-03-01T14:05:09Z', level: 'error' },
    { line: '3/1/2024 12:05:09 AM INFO Job started', ts: '2024-03-01T00:05:09Z', level: 'info' },
    {
      line: '03/01-12:00:00.123456  [**] [1:1000001:1] ICMP test detected [**] [Priority: 3] {ICMP} 10.0.0.1 -> 10.0.0.2',
      ts: '2024-03-01T12:00:00.123Z',
      level: null,
    },
    {
      line: '03/01/2024-12:00:01.654321  [**] [1:2010935:3] ET POLICY Suspicious inbound to MSSQL port 1433 [**]',
      ts: '2024-03-01T12:00:01.654Z',
      level: null,
    },
    { line: '25.12.2023 08:30:00 INFO Weihnachten', ts: '2023-12-25T08:30:00Z', level: 'info' },
    {
      line: '01-Mar-2024 12:00:01.123 SEVERE [http-nio-8080-exec-1] org.apache.catalina.core.StandardWrapperValve',
      ts: '2024-03-01T12:00:01.123Z',
      level: 'error',
    },
    {
      line: '[01-Mar-2024 12:00:00 UTC] PHP Fatal error:  Uncaught Exception: x in /var/www/a.php:3',
      ts: '2024-03-01T12:00:00Z',
      level: 'fatal',
      timezone: 'Europe/Paris',
    },
    {
      line: '[01-Mar-2024 12:00:00 Europe/Berlin] PHP Warning:  Undefined variable $x',
      ts: '2024-03-01T11:00:00Z',
      level: 'warn',
    },
    {
      line: '1 Mar 2024 09:05:00,250 WARN [main] Pool - exhausted',
      ts: '2024-03-01T09:05:00.250Z',
      level: 'warn',
    },
  ],
});
