import { leadingStampFormat } from './leading-stamp-format';
import { scanIsoStamp } from './stamps/iso-stamp';

export const iso8601Format = leadingStampFormat({
  name: 'iso8601',
  description: 'Lines opening with an ISO-8601 / RFC 3339 timestamp, level among the next fields',
  specificity: 40,
  scan: scanIsoStamp,
  samples: [
    { line: '2024-03-01T12:00:00Z INFO service started', ts: '2024-03-01T12:00:00Z', level: 'info' },
    {
      line: '2024-03-01 12:00:01 UTC:10.0.0.1(5432):app@db:[124]:ERROR:  deadlock detected',
      ts: '2024-03-01T12:00:01Z',
      level: 'error',
    },
    {
      line: '2024-03-01 12:00:00 UTC::@:[123]:LOG:  checkpoint starting',
      ts: '2024-03-01T12:00:00Z',
      level: 'info',
    },
    {
      line: '2024-03-01T12:00:00.123+02:00 [ERROR] disk full',
      ts: '2024-03-01T10:00:00.123Z',
      level: 'error',
    },
    { line: '2024-03-01 12:00:00,250 WARN low memory', ts: '2024-03-01T12:00:00.250Z', level: 'warn' },
    {
      line: '2024-03-01 12:00:00.123 +01:00 WARN offset after a space',
      ts: '2024-03-01T11:00:00.123Z',
      level: 'warn',
    },
    {
      line: '2024-03-01 12:00:00.123 CET [4567] LOG:  checkpoint complete',
      ts: '2024-03-01T11:00:00.123Z',
      level: 'info',
      timezone: 'America/New_York',
    },
    {
      line: '2024-03-01 12:00:00 UTC [4567] ERROR:  relation "x" does not exist',
      ts: '2024-03-01T12:00:00Z',
      level: 'error',
      timezone: 'Europe/Paris',
    },
    {
      line: '2024-03-01 12:00:00 CST [99] LOG:  ambiguous zone names are read in the source timezone',
      ts: '2024-03-01T11:00:00Z',
      level: 'info',
      timezone: 'Europe/Paris',
    },
    {
      line: '2024-03-01T12:00:00.123456789-0500 debug: tick',
      ts: '2024-03-01T17:00:00.123Z',
      level: 'debug',
    },
    {
      line: '2024-03-01 12:00:00 user logged in',
      ts: '2024-03-01T11:00:00Z',
      level: null,
      timezone: 'Europe/Paris',
    },
    { line: '[2024-03-01 12:00:00.5] <Warning> retrying', ts: '2024-03-01T12:00:00.500Z', level: 'warn' },
    {
      line: '2024/03/01 12:00:00 [error] 1234#0: *1 open() failed',
      ts: '2024-03-01T12:00:00Z',
      level: 'error',
    },
    {
      line: '2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server',
      ts: '2017-05-16T00:00:00.008Z',
      level: 'info',
    },
    {
      line: '[2024-03-01T12:00:01,456][WARN ][o.e.c.r.a.DiskThresholdMonitor] [node-1] high disk watermark',
      ts: '2024-03-01T12:00:01.456Z',
      level: 'warn',
    },
    {
      line: '2024-03-01T12:00:00.123Z\tERROR\tserver/main.go:43\tlisten failed\t{"port": 8080}',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'error',
    },
    {
      line: '2024-03-01 12:00:00.123 UTC [4567] LOG:  database system is ready to accept connections',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'info',
    },
  ],
});
