import { leadingStampFormat } from './leading-stamp-format';
import { scanBsdStamp } from './stamps/bsd-stamp';

/** Syslog's stamp without syslog's host and tag: daemons that write their own files in that style. */
export const bsdStampFormat = leadingStampFormat({
  name: 'bsd-stamp',
  description:
    "Lines opening with a syslog-style stamp but no host field (Asterisk: '[Mar  1 12:00:00] NOTICE[12] …')",
  specificity: 30,
  scan: scanBsdStamp,
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
  ],
});
