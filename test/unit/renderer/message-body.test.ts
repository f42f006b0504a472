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

  it('keeps a level word that is not the row level, and lines that do not start with a stamp', () => {
    expect(messageBody('2024-05-01T12:00:00Z ERROR budget exceeded', 'info')).toBe('ERROR budget exceeded');
    expect(messageBody('2024-05-01T12:00:00Z Errors were found', 'error')).toBe('Errors were found');
    expect(messageBody('GET /api 200 2024-05-01T12:00:00Z', 'info')).toBe(
      'GET /api 200 2024-05-01T12:00:00Z',
    );
    expect(messageBody('{"ts":"2024-05-01T12:00:00Z","msg":"x"}', 'info')).toBe(
      '{"ts":"2024-05-01T12:00:00Z","msg":"x"}',
    );
  });

  it('never shows an empty message: a line that is only a stamp stays whole', () => {
    expect(messageBody('2024-05-01T12:00:00Z INFO ', 'info')).toBe('2024-05-01T12:00:00Z INFO ');
  });
});
