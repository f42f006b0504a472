import { describe, expect, it } from 'vitest';
import {
  createSourceParser,
  listFormats,
  type ParsedEvent,
  type SourceParserOptions,
} from '../../../src/engine/ingest/parser/source-parser';

const CLOCK = Date.UTC(2024, 5, 15, 12);

function parseAll(
  lines: string[],
  options: SourceParserOptions = {},
): { events: ParsedEvent[]; format: string | null } {
  const parser = createSourceParser({ now: () => CLOCK, ...options });
  const events: ParsedEvent[] = [];
  for (const line of lines) parser.push(line, events);
  parser.flush(events);
  return { events, format: parser.format };
}

describe('format detection', () => {
  it.each([
    ['iso8601', ['2024-03-01T12:00:00Z api up', '2024-03-01T12:00:01Z api ready']],
    ['log4j', ['2024-03-01 12:00:00,001 INFO [main] A - x', '2024-03-01 12:00:00,002 WARN [main] A - y']],
    ['syslog-rfc3164', ['Mar  1 12:00:00 web sshd[1]: Accepted', 'Mar  1 12:00:01 web cron[2]: run']],
    [
      'syslog-rfc5424',
      ['<14>1 2024-03-01T12:00:00Z web app 1 - - hi', '<11>1 2024-03-01T12:00:01Z web app 1 - - no'],
    ],
    ['access-log', ['1.2.3.4 - - [01/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl"']],
    ['apache-error', ['[Fri Mar 01 12:00:00 2024] [error] oops', '[Fri Mar 01 12:00:01 2024] [notice] ok']],
    [
      'json',
      ['{"level":"info","time":"2024-03-01T12:00:00Z","msg":"a"}', '{"level":"warn","time":1709294401000}'],
    ],
    ['logfmt', ['time=2024-03-01T12:00:00Z level=info msg=a', 'time=2024-03-01T12:00:01Z level=warn msg=b']],
    ['klog', ['I0301 12:00:00.000001 1 a.go:1] x', 'E0301 12:00:01.000001 1 a.go:2] y']],
    ['log15', ['INFO [03-01|12:00:00.123] Imported number=1', 'ERROR[03-01|12:00:01.456] Failed err=x']],
    ['chromium', ['[12:34:0301/120000.1:INFO:a.cc(1)] x', '[12:34:0301/120001.1:ERROR:a.cc(2)] y']],
    [
      'journald-short-iso',
      ['2024-03-01T12:00:00+0100 web-1 sshd[812]: Accepted', '2024-03-01T12:00:01+0100 web-1 cron[9]: run'],
    ],
    ['logcat', ['03-01 12:00:00.001  10  11 I Tag: a', '03-01 12:00:00.002  10  11 E Tag: b']],
    [
      'windows-cbs',
      ['2024-03-01 12:00:00, Info                  CBS    a', '2024-03-01 12:00:01, Error  CSI  b'],
    ],
    [
      'python-logging',
      ['2024-03-01 12:00:00,001 - app - INFO - a', '2024-03-01 12:00:00,002 - app - ERROR - b'],
    ],
    [
      'journald-short-iso',
      ['2024-03-01T12:00:00+0000 web sshd[1]: a', '2024-03-01T12:00:01+0000 web cron[2]: b'],
    ],
    [
      'compact-datetime',
      ['081109 203615 148 INFO dfs.DataNode: a', '081109 203616 149 WARN dfs.DataNode: b'],
    ],
    ['epoch', ['1709294400 INFO a', '1709294401 WARN b']],
    ['prefixed', ['app.log 2024-03-01 12:00:00 INFO a', 'app.log 2024-03-01 12:00:01 WARN b']],
  ])('detects %s from the first lines', (expected, lines) => {
    expect(parseAll(lines).format).toBe(expected);
  });

  it('reads `STAMP LEVEL app[pid]: message` as an application log with a level, not as journald with a host', () => {
    const parser = createSourceParser();
    const out: ParsedEvent[] = [];
    parser.push('2024-03-01T12:00:00.123Z ERROR checkout[812]: payment failed', out);
    parser.push('2024-03-01T12:00:01.123Z INFO checkout[812]: retried', out);
    parser.flush(out);
    expect(parser.format).not.toBe('journald-short-iso');
    expect(out.map((e) => e.level)).toEqual(['error', 'info']);
  });

  it("gives a year-less stamp after a collector's date field that date's year, across midnight and New Year", () => {
    const { events, format } = parseAll(
      [
        '- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond[2915]: session closed',
        '- 1131566462 2005.11.09 tbird-admin1 Nov 10 00:01:02 local@tbird-admin1 postfix[10896]: warning',
        '- 1136073599 2005.12.31 dn12 Jan 1 00:00:01 dn12/dn12 ntpd[77]: stepped',
        '- 1136073600 2006.01.01 dn13 Dec 31 23:59:59 dn13/dn13 ntpd[78]: behind',
        '- 1136073600 2006.01.01 dn14 Jun 1 10:00:00 dn14/dn14 ntpd[79]: far off',
      ],
      { timezone: 'UTC' },
    );
    expect(format).toBe('prefixed');
    expect(events.map((e) => new Date(e.ts ?? NaN).toISOString())).toEqual([
      '2005-11-09T12:01:01.000Z',
      '2005-11-10T00:01:02.000Z',
      '2006-01-01T00:00:01.000Z',
      '2005-12-31T23:59:59.000Z',
      '2024-06-01T10:00:00.000Z',
    ]);
  });

  it.each<[string, string, string[], (string | null)[]]>([
    [
      "HashiCorp's hclog (Consul, Vault, Nomad), not journald",
      'iso8601',
      [
        '2024-03-01T12:00:00.123Z [INFO]  agent: Started HTTP server: address=127.0.0.1:8500',
        '2024-03-01T12:00:01.456+0100 [ERROR] agent.server.raft: failed to contact: id=abc',
        '2024-03-01T12:00:02.789Z [WARN]  agent: Check is now critical: check=web',
      ],
      ['info', 'error', 'warn'],
    ],
    [
      "the JVM's unified logging, level glued to the tags",
      'iso8601',
      [
        '[2024-03-01T12:00:00.123+0000][info][gc] Using G1',
        '[2024-03-01T12:00:01.456+0000][warning][gc,alloc] Allocation failure',
        '[2024-03-01T12:00:02.789+0000][error][gc] Out of memory',
      ],
      ['info', 'warn', 'error'],
    ],
    [
      "Celery's level before the process name",
      'iso8601',
      [
        '[2024-03-01 12:00:00,123: INFO/MainProcess] Connected to redis://localhost:6379/0',
        "[2024-03-01 12:00:01,456: ERROR/ForkPoolWorker-1] Task add[abc] raised unexpected: ValueError('x')",
        '[2024-03-01 12:00:02,789: WARNING/MainProcess] consumer: Connection to broker lost.',
      ],
      ['info', 'error', 'warn'],
    ],
    [
      "Asterisk's bracketed syslog-style stamp and level glued to the thread id",
      'bsd-stamp',
      [
        "[Mar  1 12:00:00] NOTICE[1234] chan_sip.c: Registration from '<sip:100@10.0.0.1>' failed",
        '[Mar  1 12:00:01] ERROR[1235][C-00000001] res_rtp_asterisk.c: RTP read error',
        '[Mar  1 12:00:02] WARNING[1236] pbx.c: Timeout',
      ],
      ['info', 'error', 'warn'],
    ],
    [
      "Nagios's bracketed epoch seconds",
      'epoch',
      [
        '[1709294400] SERVICE ALERT: web01;HTTP;CRITICAL;HARD;3;Connection refused',
        '[1709294401] Auto-save of retention data completed successfully.',
        '[1709294402] Warning: Return code of 127 for check of service',
        '[1709294403] SERVICE ALERT: web01;HTTP;OK;HARD;3;HTTP OK',
        '[1709294404] HOST ALERT: db01;DOWN;SOFT;1;PING CRITICAL - Packet loss = 100%',
      ],
      ['fatal', null, 'warn', 'info', 'error'],
    ],
  ])('reads %s', (_name, expectedFormat, lines, levels) => {
    const { events, format } = parseAll(lines, { timezone: 'UTC' });
    expect(format).toBe(expectedFormat);
    expect(events.map((e) => e.level)).toEqual(levels);
    expect(events.every((e) => e.ts !== null)).toBe(true);
    expect(events).toHaveLength(lines.length);
  });

  it('reads every DD/MM/YYYY date of a source day first once its first lines show a day over 12', () => {
    const iso = (lines: string[]) =>
      parseAll(lines, { timezone: 'UTC' }).events.map((e) =>
        new Date(e.ts ?? NaN).toISOString().slice(0, 10),
      );
    expect(
      iso(['05/11/2024 10:00:00 INFO a', '22/11/2024 10:00:01 INFO b', '06/11/2024 10:00:02 INFO c']),
    ).toEqual(['2024-11-05', '2024-11-22', '2024-11-06']);
    expect(iso(['11/05/2024 10:00:00 INFO a', '11/22/2024 10:00:01 INFO b'])).toEqual([
      '2024-11-05',
      '2024-11-22',
    ]);
  });

  it('reads the level of an application log line carried in a syslog message: stamped, JSON or logfmt', () => {
    const { events, format } = parseAll(
      [
        'Mar  1 12:00:00 web-1 app[99]: 2024-03-01 12:00:00,123 ERROR [main] c.e.App - boom',
        'Mar  1 12:00:01 web-1 app[99]: 2024-03-01T12:00:01.000Z INFO started',
        'Mar  1 12:00:02 web-1 app[99]: {"level":"warn","msg":"slow"}',
        'Mar  1 12:00:03 web-1 app[99]: {"level":50,"msg":"pino error"}',
        'Mar  1 12:00:04 web-1 app[99]: time=2024-03-01T12:00:04Z level=debug msg="tick"',
        'Mar  1 12:00:05 web-1 sshd[12]: pam_unix(sshd:auth): authentication failure; logname= uid=0',
      ],
      { timezone: 'UTC' },
    );
    expect(format).toBe('syslog-rfc3164');
    expect(events.map((e) => e.level)).toEqual(['error', 'info', 'warn', 'error', 'debug', null]);
  });

  it('reads the stamps and levels of coloured lines, and keeps their escapes in the message for the stream', () => {
    const lines = [
      '\x1b[2m2024-03-01 12:00:00.000\x1b[0;39m \x1b[31mERROR\x1b[0;39m 42 --- [main] boom',
      '\x1b[2m2024-03-01 12:00:01.000\x1b[0;39m \x1b[32m INFO\x1b[0;39m 42 --- [main] ok',
      '\x1b]8;;http://x\x07link\x1b]8;;\x07 continues the event',
    ];
    const { events, format } = parseAll(lines, { timezone: 'UTC' });
    expect(format).not.toBe('plain');
    expect(events.map((e) => [e.ts, e.level, e.message])).toEqual([
      [Date.UTC(2024, 2, 1, 12), 'error', lines[0]],
      [Date.UTC(2024, 2, 1, 12, 0, 1), 'info', `${lines[1]}\n${lines[2]}`],
    ]);
  });

  it('keeps a lower-case word before a slash (a path) from being read as a level', () => {
    const { events } = parseAll([
      '2024-03-01T12:00:00Z handler error/handler.go:12 returned',
      '2024-03-01T12:00:01Z handler info/page.go:3 served',
    ]);
    expect(events.map((e) => e.level)).toEqual([null, null]);
  });

  it("reads zap's tab-separated console lines with their level, not as journald", () => {
    const { events, format } = parseAll([
      '2024-03-01T12:00:00.123Z\tINFO\tserver/main.go:42\tstarted\t{"port": 8080}',
      '2024-03-01T12:00:01.123Z\terror\tserver/main.go:43\tfailed',
    ]);
    expect(format).toBe('iso8601');
    expect(events.map((e) => e.level)).toEqual(['info', 'error']);
  });

  it('takes a syslog tag only from the token after the host, so key=value lines keep their level', () => {
    const { events, format } = parseAll([
      '2024-03-01T12:00:00.123Z pid=1 tid=abc class=HardJob jid=123 INFO: start',
      '2024-03-01T12:00:01.123Z pid=1 tid=abc class=HardJob jid=123 elapsed=1.2 ERROR: fail',
    ]);
    expect(format).toBe('iso8601');
    expect(events.map((e) => e.level)).toEqual(['info', 'error']);
    const journal = parseAll([
      '2024-03-01T12:00:00+0000 web-1 sshd[123]: Accepted publickey for ops',
      '2024-03-01T12:00:01+0000 web-1 app[456]: error: upstream failed',
    ]);
    expect(journal.format).toBe('journald-short-iso');
    expect(journal.events.map((e) => e.level)).toEqual([null, 'error']);
  });

  it("joins java.util.logging's level line to its stamp line and takes the level from it", () => {
    const { events, format } = parseAll(
      [
        'Mar 01, 2024 12:00:00 PM org.apache.catalina.startup.Catalina start',
        'INFO: Server startup in 1234 ms',
        'Mar 01, 2024 12:00:05 PM org.apache.catalina.core.StandardWrapperValve invoke',
        'SEVERE: Servlet.service() threw exception',
        'java.lang.NullPointerException',
        '\tat com.acme.Cart.total(Cart.java:42)',
        'Mar 01, 2024 1:00:05 AM org.apache.catalina.core.StandardServer await',
        'WARNING: Invalid command received',
      ],
      { timezone: 'UTC' },
    );
    expect(format).toBe('java-util-logging');
    expect(events.map((e) => [e.line, new Date(e.ts ?? NaN).toISOString(), e.level])).toEqual([
      [1, '2024-03-01T12:00:00.000Z', 'info'],
      [3, '2024-03-01T12:00:05.000Z', 'error'],
      [7, '2024-03-01T01:00:05.000Z', 'warn'],
    ]);
    expect(events[1].message.split('\n')).toHaveLength(4);
  });

  it('.NET console records: the level line starts the event, the indented message continues it', () => {
    const { events, format } = parseAll([
      'info: Microsoft.Hosting.Lifetime[14]',
      '      Now listening on: http://localhost:5000',
      'fail: Microsoft.AspNetCore.Server.Kestrel[13]',
      '      Connection id "0HN1" application threw an unhandled exception.',
      '      System.InvalidOperationException: boom',
    ]);
    expect(format).toBe('dotnet-console');
    expect(events.map((e) => [e.line, e.level, e.message.split('\n').length])).toEqual([
      [1, 'info', 2],
      [3, 'error', 3],
    ]);
  });

  it('reads dmesg -T stamps with their year, not as a year-less syslog stamp after a weekday', () => {
    const { events, format } = parseAll([
      '[Fri Mar  1 12:00:00 2019] usb 1-1: new high-speed USB device number 2 using xhci_hcd',
      '[Fri Mar  1 12:00:01 2019] EXT4-fs error (device sda1): ext4_find_entry:1455: bad block',
    ]);
    expect(format).toBe('ctime');
    expect(events.map((e) => [e.ts, e.level])).toEqual([
      [Date.UTC(2019, 2, 1, 12), null],
      [Date.UTC(2019, 2, 1, 12, 0, 1), 'error'],
    ]);
  });

  it("dates time-only stamps by the receive clock, yesterday's evening before today's small hours", () => {
    const now = Date.UTC(2024, 5, 15, 0, 20);
    const { events, format } = parseAll(
      ['23:59:58.100 [main] INFO  App - before midnight', '00:00:01.250 [main] ERROR App - after midnight'],
      { now: () => now, timezone: 'UTC' },
    );
    expect(format).toBe('time-of-day');
    expect(events.map((e) => [e.ts, e.level])).toEqual([
      [Date.UTC(2024, 5, 14, 23, 59, 58, 100), 'info'],
      [Date.UTC(2024, 5, 15, 0, 0, 1, 250), 'error'],
    ]);
  });

  it('falls back to plain, one event per line without timestamps, when nothing matches', () => {
    const { events, format } = parseAll(['hello', 'world']);
    expect(format).toBe('plain');
    expect(events.map((e) => [e.line, e.ts, e.format, e.message])).toEqual([
      [1, null, 'plain', 'hello'],
      [2, null, 'plain', 'world'],
    ]);
  });

  it('stays undecided until 20 lines arrive or flush is called, then emits the buffered lines in order', () => {
    const parser = createSourceParser({ now: () => CLOCK });
    const events: ParsedEvent[] = [];
    for (let i = 0; i < 19; i++)
      parser.push(`2024-03-01T12:00:${String(i).padStart(2, '0')}Z line ${i}`, events);
    expect(parser.format).toBeNull();
    expect(events).toHaveLength(0);
    parser.push('2024-03-01T12:00:19Z line 19', events);
    expect(parser.format).toBe('iso8601');
    expect(events.map((e) => e.line)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    parser.flush(events);
    expect(events.map((e) => e.line).at(-1)).toBe(20);
  });

  it('uses a pinned format without detecting', () => {
    const { events, format } = parseAll(['Mar  1 12:00:00 web app: a'], {
      format: 'syslog-rfc3164',
      year: 2023,
    });
    expect(format).toBe('syslog-rfc3164');
    expect(events[0].ts).toBe(Date.UTC(2023, 2, 1, 12));
  });

  it('rejects an unknown format name, listing the known ones', () => {
    expect(() => createSourceParser({ format: 'nope' })).toThrow(
      /unknown log format "nope".*iso8601.*syslog-rfc3164/,
    );
  });

  it('lists every built-in format with a description', () => {
    const names = listFormats().map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining(['iso8601', 'syslog-rfc3164', 'json', 'logcat', 'klog', 'plain']),
    );
  });
});

describe('W3C extended logs', () => {
  const IIS_FIELDS =
    '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';
  const iisLine = (time: string, status: number) =>
    `2024-03-01 ${time} 10.0.0.1 GET /a - 80 - 10.0.0.2 Mozilla/5.0 - ${status} 0 0 15`;

  it('reads the fields its directive names, in UTC, the level from sc-status, and follows a new directive', () => {
    const { events, format } = parseAll(
      [
        '#Software: Microsoft Internet Information Services 10.0',
        IIS_FIELDS,
        iisLine('12:00:00', 200),
        iisLine('12:00:01', 503),
        '#Fields: time date sc-status cs-uri-stem',
        '12:00:02.250 2024-03-01 404 /moved',
      ],
      { timezone: 'Europe/Paris' },
    );
    expect(format).toBe('w3c-extended');
    expect(events.map((e) => [e.line, e.ts, e.level])).toEqual([
      [1, null, null],
      [2, null, null],
      [3, Date.UTC(2024, 2, 1, 12, 0, 0), 'info'],
      [4, Date.UTC(2024, 2, 1, 12, 0, 1), 'error'],
      [5, null, null],
      [6, Date.UTC(2024, 2, 1, 12, 0, 2, 250), 'warn'],
    ]);
  });

  it("reads IIS's default fields in a tail that starts after the directive", () => {
    const { events, format } = parseAll([iisLine('12:00:00', 404), iisLine('12:00:01', 500)]);
    expect(format).toBe('w3c-extended');
    expect(events.map((e) => e.level)).toEqual(['warn', 'error']);
  });

  it('leaves text with comment lines and a date and a time to the formats that read it', () => {
    const { events, format } = parseAll(
      [
        '# nightly backup',
        '# started by cron',
        '2024-03-01 12:00:00 backup began',
        '2024-03-01 12:00:05 disk full',
      ],
      { timezone: 'Europe/Paris' },
    );
    expect(format).not.toBe('w3c-extended');
    expect(events.at(-1)).toMatchObject({ ts: Date.UTC(2024, 2, 1, 11, 0, 5) });
  });
});

describe('container runtime logs (CRI)', () => {
  const cri = (ns: number, stream: string, payload: string) =>
    `2024-03-01T12:00:00.${String(ns).padStart(9, '0')}Z ${stream} F ${payload}`;

  it("joins a stack trace printed line by line, as the payload's own format says, at the runtime's time", () => {
    const { events, format } = parseAll([
      cri(100, 'stdout', '2024-03-01 11:59:59,001 INFO  [main] c.e.App - started'),
      cri(200, 'stdout', '2024-03-01 11:59:59,002 ERROR [main] c.e.App - request failed'),
      cri(300, 'stdout', 'java.lang.RuntimeException: boom'),
      cri(400, 'stdout', '\tat com.example.App.run(App.java:10)'),
      cri(500, 'stdout', '2024-03-01 11:59:59,003 WARN  [main] c.e.App - slow'),
    ]);
    expect(format).toBe('cri');
    expect(events.map((e) => [e.line, e.level, e.message.split('\n').length])).toEqual([
      [1, 'info', 1],
      [2, 'error', 3],
      [5, 'warn', 1],
    ]);
    expect(events[0].ts).toBe(Date.UTC(2024, 2, 1, 12, 0, 0));
  });

  it('reads the level of each payload of a container that prints several kinds of line', () => {
    const { events, format } = parseAll([
      cri(1, 'stdout', 'Server listening on :8080'),
      cri(2, 'stderr', '{"level":"error","msg":"dial failed"}'),
      cri(3, 'stdout', 'time="2024-03-01T12:00:00Z" level=warning msg="slow"'),
      cri(4, 'stderr', 'E0301 12:00:00.000004       1 reflector.go:138] list failed'),
      cri(5, 'stdout', '10.0.0.1 - - [01/Mar/2024:12:00:00 +0000] "GET / HTTP/1.1" 503 12'),
      cri(6, 'stdout', 'INFO ready'),
    ]);
    expect(format).toBe('cri');
    expect(events.map((e) => e.level)).toEqual([null, 'error', 'warn', 'error', 'error', 'info']);
  });

  it('leaves lines without the runtime prefix to the other formats', () => {
    const { format } = parseAll([
      '2024-03-01T12:00:00Z stdout looks like a stream name here',
      '2024-03-01T12:00:01Z INFO started',
      '2024-03-01T12:00:02Z WARN slow',
    ]);
    expect(format).not.toBe('cri');
  });
});

describe('custom pattern', () => {
  it('reads ts and level from the named groups of a profile pattern', () => {
    const { events, format } = parseAll(['<<2024-03-01 12:00:00>> !warn! hello'], {
      pattern: '^<<(?<ts>[^>]+)>> !(?<level>\\w+)! (?<msg>.*)$',
      timezone: '+0100',
    });
    expect(format).toBe('custom');
    expect(events[0]).toMatchObject({
      ts: Date.UTC(2024, 2, 1, 11),
      level: 'warn',
      message: '<<2024-03-01 12:00:00>> !warn! hello',
    });
  });

  it('rejects a pattern without a ts or level group', () => {
    expect(() => createSourceParser({ pattern: '^(.*)$' })).toThrow(/named group/);
  });
});

describe('multi-line events', () => {
  it('joins a Java stack trace to its first line', () => {
    const { events } = parseAll([
      '2024-03-01 12:00:00,000 ERROR [main] App - request failed',
      'java.lang.IllegalStateException: boom',
      '\tat com.example.App.handle(App.java:42)',
      '\t... 3 more',
      '2024-03-01 12:00:01,000 INFO [main] App - recovered',
    ]);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ line: 1, level: 'error', format: 'log4j' });
    expect(events[0].message).toBe(
      '2024-03-01 12:00:00,000 ERROR [main] App - request failed\njava.lang.IllegalStateException: boom\n' +
        '\tat com.example.App.handle(App.java:42)\n\t... 3 more',
    );
    expect(events[1]).toMatchObject({ line: 5, level: 'info' });
  });

  it('joins a Python traceback to its first line', () => {
    const { events } = parseAll([
      '2024-03-01 12:00:00,000 - app - ERROR - crashed',
      'Traceback (most recent call last):',
      '  File "app.py", line 1, in <module>',
      'ZeroDivisionError: division by zero',
    ]);
    expect(events).toHaveLength(1);
    expect(events[0].message.split('\n')).toHaveLength(4);
  });

  it('holds the last event until flush, so a trace arriving later still joins it', () => {
    const parser = createSourceParser({ now: () => CLOCK });
    const events: ParsedEvent[] = [];
    parser.push('2024-03-01T12:00:00Z ERROR a', events);
    parser.push('2024-03-01T12:00:01Z ERROR b', events);
    parser.flush(events);
    expect(events).toHaveLength(2);
    parser.push('  continuation', events);
    parser.push('2024-03-01T12:00:02Z INFO c', events);
    parser.flush(events);
    expect(events.map((e) => e.message)).toEqual([
      '2024-03-01T12:00:00Z ERROR a',
      '2024-03-01T12:00:01Z ERROR b',
      '  continuation',
      '2024-03-01T12:00:02Z INFO c',
    ]);
    expect(events[2]).toMatchObject({ line: 3, ts: null, format: 'plain' });
  });

  it('keeps lines before the first stamped line as plain events of their own', () => {
    const { events } = parseAll(['banner', '2024-03-01T12:00:00Z api up', '2024-03-01T12:00:01Z api ready']);
    expect(events.map((e) => [e.line, e.format])).toEqual([
      [1, 'plain'],
      [2, 'iso8601'],
      [3, 'iso8601'],
    ]);
  });
});

describe('hostile input', () => {
  it('survives binary and garbage lines without throwing', () => {
    const garbage = [
      '\u0000\u0001\u0002\uFFFD',
      '{not json}',
      '<999>1 x',
      '[',
      '9999-99-99T99:99:99Z',
      '\t',
      '',
    ];
    const { events } = parseAll(['2024-03-01T12:00:00Z INFO a', ...garbage, '2024-03-01T12:00:01Z INFO b']);
    expect(events).toHaveLength(2);
    expect(events[0].message.split('\n')).toHaveLength(1 + garbage.length);
  });

  it('reads past a byte order mark at the start of a line (files written on Windows, or truncated and rewritten)', () => {
    const { events, format } = parseAll([
      '\uFEFF2024-03-01T12:00:00Z ERROR first',
      '2024-03-01T12:00:01Z INFO second',
      '\uFEFF2024-03-01T12:00:02Z WARN after a truncation',
    ]);
    expect(format).not.toBe('plain');
    expect(events.map((e) => [e.ts, e.level, e.message])).toEqual([
      [Date.UTC(2024, 2, 1, 12, 0, 0), 'error', '2024-03-01T12:00:00Z ERROR first'],
      [Date.UTC(2024, 2, 1, 12, 0, 1), 'info', '2024-03-01T12:00:01Z INFO second'],
      [Date.UTC(2024, 2, 1, 12, 0, 2), 'warn', '2024-03-01T12:00:02Z WARN after a truncation'],
    ]);
  });

  it('makes a 1 MB line an event of its own, dated and levelled by its head', () => {
    const huge = '2024-03-01T12:00:00.500Z ERROR payload ' + 'x'.repeat(1 << 20);
    const { events } = parseAll(['2024-03-01T12:00:00Z api up', huge, '2024-03-01T12:00:01Z api ready']);
    expect(events.map((e) => [e.line, e.format, e.ts, e.level])).toEqual([
      [1, 'iso8601', Date.UTC(2024, 2, 1, 12), null],
      [2, 'iso8601', Date.UTC(2024, 2, 1, 12, 0, 0, 500), 'error'],
      [3, 'iso8601', Date.UTC(2024, 2, 1, 12, 0, 1), null],
    ]);
    expect(events[1].message).toBe(huge);
  });

  it('keeps a 1 MB line whose head does not parse as a plain event of its own, not a continuation', () => {
    const huge = 'x'.repeat(1 << 20);
    const { events } = parseAll(['2024-03-01T12:00:00Z api up', huge, '2024-03-01T12:00:01Z api ready']);
    expect(events.map((e) => [e.line, e.format, e.ts])).toEqual([
      [1, 'iso8601', Date.UTC(2024, 2, 1, 12)],
      [2, 'plain', null],
      [3, 'iso8601', Date.UTC(2024, 2, 1, 12, 0, 1)],
    ]);
    expect(events[1].message).toBe(huge);
  });

  it('treats a source made of only garbage as plain', () => {
    const { format, events } = parseAll(['\u0000\u0000', '\u00ff\u00fe binary', '%%%']);
    expect(format).toBe('plain');
    expect(events).toHaveLength(3);
  });

  it('does not let a format change swallow the rest of the source into one event', () => {
    const lines = [
      '2024-03-01T12:00:00Z INFO a',
      ...Array.from({ length: 2500 }, (_, i) => `free text ${i}`),
    ];
    const { events } = parseAll(lines);
    expect(events.length).toBeGreaterThan(2);
    expect(events.every((e) => e.message.split('\n').length <= 1001)).toBe(true);
  });
});
