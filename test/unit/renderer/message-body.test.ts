import { describe, expect, it } from 'vitest';
import { messageBody } from '../../../src/renderer/composables/message-body';

describe('the message column', () => {
  it('leaves out a leading timestamp and the level word the row already shows', () => {
    expect(messageBody('2026-12-02T05:03:30.123Z INFO checkout[web-1] request handled', 'info')).toBe(
      'checkout[web-1] request handled',
    );
    expect(messageBody('2024-05-01 12:00:00,123 [ERROR] pool exhausted', 'error')).toBe('pool exhausted');
    expect(messageBody('[2024-05-01T12:00:00+02:00] WARNING: disk 91% full', 'warn')).toBe('disk 91% full');
    expect(messageBody('Jul  1 09:00:55 mac kernel[0]: link up', null)).toBe('mac kernel[0]: link up');
  });

  it("leaves out the stamps of nginx, Go and Apache error logs, and an access log's bracketed stamp", () => {
    expect(messageBody('2026/12/04 10:00:00 [error] 1234#0: *1 open() failed', 'error')).toBe(
      '1234#0: *1 open() failed',
    );
    expect(messageBody('2026/12/04 10:00:01.123456 http: TLS handshake error', null)).toBe(
      'http: TLS handshake error',
    );
    expect(
      messageBody('[Fri Dec 04 10:00:00.123456 2026] [core:error] [pid 1234] AH00126: Invalid URI', 'error'),
    ).toBe('[core:error] [pid 1234] AH00126: Invalid URI');
    expect(
      messageBody('10.0.0.7 - alice [04/Dec/2026:17:02:30 +0000] "GET /checkout HTTP/1.1" 500 1234', 'error'),
    ).toBe('10.0.0.7 - alice "GET /checkout HTTP/1.1" 500 1234');
    // A date that mixes its separators is not a stamp this column knows.
    expect(messageBody('2026/12-04 10:00:00 x', null)).toBe('2026/12-04 10:00:00 x');
  });

  it('leaves out the stamp, level letter and process ids of klog and logcat lines, keeping the source or tag', () => {
    expect(messageBody('E1204 10:00:00.123456    1234 reflector.go:138] failed to list pods', 'error')).toBe(
      'reflector.go:138] failed to list pods',
    );
    expect(messageBody('12-04 10:00:00.123  1234  5678 W ActivityManager: slow operation', 'warn')).toBe(
      'ActivityManager: slow operation',
    );
  });

  it('shows a JSON line as its text, then its other fields, leaving out time and level', () => {
    expect(messageBody('{"ts":"2024-05-01T12:00:00Z","msg":"x"}', 'info')).toBe('x');
    expect(
      messageBody(
        '{"level":30,"time":1709294400123,"pid":1,"hostname":"web-1","req":{"id":7},"msg":"request completed","responseTime":12.5}',
        'info',
      ),
    ).toBe('request completed  pid=1 hostname=web-1 req={"id":7} responseTime=12.5');
    expect(
      messageBody(
        '{"@timestamp":"2026-12-04T10:00:00.123Z","log.level":"warn","message":"disk high","ecs.version":"1.6.0"}',
        'warn',
      ),
    ).toBe('disk high  ecs.version=1.6.0');
    // Docker's json-file: the text's own stamp and level are left out too.
    expect(
      messageBody(
        '{"log":"2026-12-04T10:00:01Z ERROR connection refused\\n","stream":"stderr","time":"2026-12-04T10:00:01.1Z"}',
        'error',
      ),
    ).toBe('connection refused  stream=stderr');
    // Only the time and level fields in use are left out: another date-like field or a second text stays.
    expect(
      messageBody(
        '{"time":"2026-12-04T10:00:00Z","date":"2026-11-30","level":"info","msg":"billed","message":"x"}',
        'info',
      ),
    ).toBe('billed  date=2026-11-30 message=x');
    expect(messageBody('{"level":"info","msg":"user said \\"hi there\\"","user":"a b"}', 'info')).toBe(
      'user said "hi there"  user="a b"',
    );
  });

  it('keeps JSON without a text field, broken JSON and multi-line events as written', () => {
    for (const line of [
      '{"level":"info","status":200,"path":"/"}',
      '{"level":"info","msg":"cut',
      '{"msg":"boom"}\n  at frame',
      '[{"msg":"an array"}]',
    ])
      expect(messageBody(line, 'info')).toBe(line);
  });

  it('keeps a level word that is not the row level, and lines that do not start with a stamp', () => {
    expect(messageBody('2024-05-01T12:00:00Z ERROR budget exceeded', 'info')).toBe('ERROR budget exceeded');
    expect(messageBody('2024-05-01T12:00:00Z Errors were found', 'error')).toBe('Errors were found');
    expect(messageBody('GET /api 200 2024-05-01T12:00:00Z', 'info')).toBe(
      'GET /api 200 2024-05-01T12:00:00Z',
    );
  });

  it('never shows an empty message: a line that is only a stamp stays whole', () => {
    expect(messageBody('2024-05-01T12:00:00Z INFO ', 'info')).toBe('2024-05-01T12:00:00Z INFO ');
  });
});
