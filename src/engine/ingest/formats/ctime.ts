import { leadingStampFormat } from './leading-stamp-format';
import { scanCtimeStamp } from './stamps/bsd-stamp';

export const ctimeFormat = leadingStampFormat({
  name: 'ctime',
  description: "Lines opening with a C ctime stamp, year last (dmesg -T: '[Fri Mar  1 12:00:00 2024]')",
  specificity: 35,
  scan: scanCtimeStamp,
  samples: [
    {
      line: '[Fri Mar  1 12:00:00 2024] EXT4-fs error (device sda1): bad block',
      ts: '2024-03-01T12:00:00Z',
      level: 'error',
    },
    {
      line: 'Sun Dec 04 04:47:44 2005 usb 1-1: new high-speed USB device',
      ts: '2005-12-04T04:47:44Z',
      level: null,
    },
  ],
});
