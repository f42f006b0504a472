import { describe, expect, it } from 'vitest';
import { readDurationMs, readHttpStatus } from '../../../src/engine/analytics/request-fields';

const combined =
  '203.0.113.9 - - [01/Mar/2024:12:00:00 +0000] "GET /api/cart HTTP/1.1" 503 17 "-" "curl/8.5.0"';

describe('HTTP status and duration of a line', () => {
  it('reads the status of common and combined access logs', () => {
    expect(readHttpStatus(combined)).toBe(503);
    expect(
      readHttpStatus('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326'),
    ).toBe(200);
  });

  it('reads status key-values and JSON fields', () => {
    expect(readHttpStatus('level=info msg="handled" status=502 path=/x')).toBe(502);
    expect(readHttpStatus('{"msg":"handled","status":404}')).toBe(404);
    expect(readHttpStatus('order 12345 handled')).toBe(-1);
    expect(readHttpStatus('status=ok')).toBe(-1);
  });

  it('reads a trailing access-log duration: decimals are seconds, integers microseconds', () => {
    expect(readDurationMs(`${combined} 0.250`)).toBeCloseTo(250);
    expect(readDurationMs(`${combined} 1234`)).toBeCloseTo(1.234);
    expect(
      readDurationMs('127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326 5000'),
    ).toBeCloseTo(5);
    expect(readDurationMs(combined)).toBe(-1);
    expect(readDurationMs('127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326')).toBe(-1);
  });

  it('reads durations from key-values with and without units', () => {
    expect(readDurationMs('request done duration=123ms')).toBe(123);
    expect(readDurationMs('request done duration=1.5s')).toBe(1500);
    expect(readDurationMs('query took 42 ms')).toBe(42);
    expect(readDurationMs('nginx rt=0.120 uct=0.001')).toBeCloseTo(120);
    expect(readDurationMs('{"latency_ms": 17}')).toBe(17);
    expect(readDurationMs('elapsed_us=2500')).toBeCloseTo(2.5);
    expect(readDurationMs('request_time=0.5')).toBe(500);
    expect(readDurationMs('the job took over the lock')).toBe(-1);
    expect(readDurationMs('plain line 123')).toBe(-1);
  });

  it('reads took, rt and time_taken where a key starts, wherever that is', () => {
    expect(readDurationMs('took 42ms to answer')).toBe(42);
    expect(readDurationMs('rt=0.5')).toBe(500);
    expect(readDurationMs('time_taken=2')).toBe(2000);
    // A key right after the `=` or `/` another hint ends with.
    expect(readDurationMs('rt=took=5')).toBe(5);
    expect(readDurationMs('GET /a HTTP/took=7')).toBe(7);
    // Inside a longer word they start no key, and do not use up the hints a line is given.
    expect(readDurationMs('overtook=5 start=5 xtime_taken=5')).toBe(-1);
    expect(readDurationMs('overtook overtook overtook overtook overtook took=9ms')).toBe(9);
  });
});

describe('status key-values', () => {
  /** The regular expression the scanner is written out from, as the reference it is compared with. */
  const STATUS_KV = /status(?:_code)?["']?\s*[=:]\s*["']?([1-5]\d\d)\b/y;
  const referenceStatus = (message: string): number => {
    if (message.includes(' HTTP/')) return NaN;
    for (let at = message.indexOf('status'); at >= 0; at = message.indexOf('status', at + 6)) {
      STATUS_KV.lastIndex = at;
      const kv = STATUS_KV.exec(message);
      if (kv) return Number(kv[1]);
    }
    return -1;
  };
  const pieces = [
    'status',
    'status_code',
    'http_status',
    '_code',
    '=',
    ':',
    '"',
    "'",
    ' ',
    '\u00a0',
    '\t',
    '\u2028',
    '1',
    '200',
    '503',
    '99',
    '600',
    '4040',
    'x',
    '_',
    ',',
    '}',
    '{',
    '.',
    'é',
  ];

  const NEAR_KEY = ['_code', '"', ' ', '=', ':', '=', '200', '503', '42', '7', 'x', ','];

  it('reads what the regular expression reads, on 20,000 random lines', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296;
    let found = 0;
    for (let n = 0; n < 20_000; n++) {
      const piece = () => pieces[Math.floor(random() * pieces.length)];
      const near = () => NEAR_KEY[Math.floor(random() * NEAR_KEY.length)];
      // A key, then what may or may not make it a status: separators, quotes, spaces, digits, word characters.
      let line = `${piece()}status`;
      const parts = 1 + Math.floor(random() * 6);
      for (let p = 0; p < parts; p++) line += random() < 0.8 ? near() : piece();
      const expected = referenceStatus(line);
      if (expected >= 0) found++;
      expect({ line, status: readHttpStatus(line) }).toEqual({ line, status: expected });
    }
    expect(found).toBeGreaterThan(500);
  });
});

describe('duration values', () => {
  it('reads every decimal as Number() reads it, to the last bit', () => {
    let seed = 11;
    const random = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296;
    const digits = (count: number) =>
      Array.from({ length: count }, () => String(Math.floor(random() * 10))).join('');
    for (let n = 0; n < 20_000; n++) {
      const whole = digits(1 + Math.floor(random() * 18));
      const text = random() < 0.3 ? whole : `${whole}.${digits(1 + Math.floor(random() * 12))}`;
      expect({ text, ms: readDurationMs(`request done duration=${text}`) }).toEqual({
        text,
        ms: Number(text),
      });
    }
  });
});

describe('duration key-values', () => {
  /** The regular expressions the scanner is written out from, as the reference it is compared with. */
  const HINT = /duration|elapsed|latency|took|_time|rt=|time_taken/g;
  const KV =
    /(duration(?:_ms|_us|_s)?|elapsed(?:_ms|_us|_s)?|latency(?:_ms|_us|_s)?|took(?:_ms)?|request_time|upstream_response_time|response_time(?:_ms)?|rt|time_taken)["']?\s*[=:]?\s*["']?(\d+(?:\.\d+)?)\s*(ms|us|µs|ns|s)?\b/y;
  const UNIT_MS: Record<string, number> = { ms: 1, us: 0.001, µs: 0.001, ns: 0.000001, s: 1000 };
  const SECONDS = ['request_time', 'upstream_response_time', 'rt', 'time_taken'];
  const referenceDuration = (message: string): number => {
    let kv: RegExpExecArray | null = null;
    HINT.lastIndex = 0;
    for (let tries = 0; kv === null && tries < 4; tries++) {
      const hint = HINT.exec(message);
      if (!hint) return -1;
      let at = hint.index;
      while (at > 0 && /\w/.test(message[at - 1])) at--;
      KV.lastIndex = at;
      kv = KV.exec(message);
    }
    if (!kv) return -1;
    const key = kv[1];
    const unit =
      kv[3] ??
      (key.endsWith('_ms')
        ? 'ms'
        : key.endsWith('_us')
          ? 'us'
          : key.endsWith('_s') || SECONDS.includes(key)
            ? 's'
            : 'ms');
    return Number(kv[2]) * UNIT_MS[unit];
  };
  const KEYS = [
    'duration',
    'duration_ms',
    'duration_s',
    'elapsed_us',
    'latency',
    'took',
    'took_ms',
    'request_time',
    'upstream_response_time',
    'response_time_ms',
    'rt',
    'rt=',
    'start',
    'time_taken',
    'overtook',
    'x_time',
  ];
  const NEAR_KEY = [
    '=',
    ':',
    '"',
    "'",
    ' ',
    '  ',
    '\u00a0',
    '5',
    '42',
    '1.5',
    '0.120',
    '.',
    'ms',
    'us',
    'µs',
    'ns',
    's',
    'msg',
    'x',
    '_',
    ',',
  ];

  it('reads what the regular expressions read, on 20,000 random lines', () => {
    let seed = 11;
    const random = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296;
    const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)];
    let found = 0;
    for (let n = 0; n < 20_000; n++) {
      let line = random() < 0.3 ? pick(NEAR_KEY) : '';
      const keys = 1 + Math.floor(random() * 3);
      for (let k = 0; k < keys; k++) {
        line += pick(KEYS);
        const parts = Math.floor(random() * 5);
        for (let p = 0; p < parts; p++) line += pick(NEAR_KEY);
      }
      const expected = referenceDuration(line);
      if (expected >= 0) found++;
      expect({ line, duration: readDurationMs(line) }).toEqual({ line, duration: expected });
    }
    expect(found).toBeGreaterThan(2000);
  });
});
