import { leadingStampFormat } from './leading-stamp-format';
import { scanBsdStamp } from './stamps/bsd-stamp';

/** Syslog's stamp without syslog's host and tag: daemons that write their own files in that style. */
export const bsdStampFormat = leadingStampFormat({
  name: 'bsd-stamp',
  description:
    "Lines opening with a syslog-style stamp but no host field (Asterisk: '[Mar  1 12:00:00] NOTICE[12] …', Cisco IOS: '*Mar  1 12:00:00.123: %LINK-3-UPDOWN: …')",
  specificity: 30,
  scan: scanBsdStamp,
  // Cisco IOS marks a stamp from an unsynchronised clock with `*` (or `.` once it was synchronised).
  leadingMarks: '[*.',
  samples: [
    {
      line: "[Mar  1 12:00:00] NOTICE[1234] chan_sip.c: Registration from '<sip:100@10.0.0.1>' failed",
      ts: '2024-03-01T12:00:00Z',
      level: 'info',
    },
    {
      line: '[Mar  1 12:00:01] ERROR[1235][C-00000001] res_rtp_asterisk.c: RTP read error',
      ts: '2024-03-01T12:00:01Z',
      level: 'error',
    },
    { line: 'Mar  1 12:00:02.250 [warn] cache nearly full', ts: '2024-03-01T12:00:02.250Z', level: 'warn' },
    {
      line: '*Mar  1 12:00:03.123: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down',
      ts: '2024-03-01T12:00:03.123Z',
      level: 'error',
    },
    {
      line: '.Mar  1 12:00:04.456: %SYS-5-CONFIG_I: Configured from console by admin on vty0',
      ts: '2024-03-01T12:00:04.456Z',
      level: 'info',
    },
  ],
});
