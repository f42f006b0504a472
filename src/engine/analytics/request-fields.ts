/**
 * Reads the HTTP status and the request duration a log line carries, when it carries them: access logs
 * (common/combined, with a trailing %D, %T or $request_time field), and key-values such as `status=503`,
 * `"status":503`, `duration=123ms`, `took 123 ms`, `request_time=0.123`. Cheap enough for every line:
 * a few indexOf calls, and a regex only on lines that name a key.
 */

const HTTP_MARK = ' HTTP/';

/** The HTTP status of a request line, or -1 when it has none. */
export function readHttpStatus(message: string): number {
  const http = message.indexOf(HTTP_MARK);
  if (http >= 0) {
    const close = message.indexOf('" ', http);
    if (close >= 0) {
      const status = threeDigits(message, close + 2);
      if (status >= 0) return status;
    }
  }
  if (!message.includes('status')) return -1;
  const kv = STATUS_KV.exec(message);
  return kv ? Number(kv[1]) : -1;
}

/** The request duration in milliseconds, or -1 when the line gives none. */
export function readDurationMs(message: string): number {
  const fromAccessLog = accessLogDuration(message);
  if (fromAccessLog >= 0) return fromAccessLog;
  if (!DURATION_HINT.test(message)) return -1;
  const kv = DURATION_KV.exec(message);
  if (!kv) return -1;
  const value = Number(kv[2]);
  const unit = kv[3]?.toLowerCase() ?? defaultUnit(kv[1].toLowerCase());
  return value * (UNIT_MS[unit] ?? 1);
}

const STATUS_KV = /\b(?:status|status_code|http_status)["']?\s*[=:]\s*["']?([1-5]\d\d)\b/i;

const DURATION_HINT = /duration|elapsed|latency|took|_time|\brt=|time_taken/i;
const DURATION_KV =
  /\b(duration(?:_ms|_us|_s)?|elapsed(?:_ms|_us|_s)?|latency(?:_ms|_us|_s)?|took(?:_ms)?|request_time|upstream_response_time|response_time(?:_ms)?|rt|time_taken)["']?\s*[=:]?\s*["']?(\d+(?:\.\d+)?)\s*(ms|us|µs|ns|s)?\b/i;

const UNIT_MS: Record<string, number> = { ms: 1, us: 0.001, µs: 0.001, ns: 0.000001, s: 1000 };

/** nginx's request times are seconds; keys named for a unit use it; other bare numbers are milliseconds. */
function defaultUnit(key: string): string {
  if (key.endsWith('_ms')) return 'ms';
  if (key.endsWith('_us')) return 'us';
  if (key.endsWith('_s')) return 's';
  if (key === 'request_time' || key === 'upstream_response_time' || key === 'rt') return 's';
  if (key === 'time_taken') return 's';
  return 'ms';
}

/**
 * An access log's duration is the last field after the status and size (and the quoted referer and user
 * agent of the combined format): a decimal is seconds (%T, $request_time), an integer microseconds (%D).
 */
function accessLogDuration(message: string): number {
  const http = message.indexOf(HTTP_MARK);
  if (http < 0) return -1;
  const close = message.indexOf('" ', http);
  if (close < 0 || threeDigits(message, close + 2) < 0) return -1;
  // Past the status, its space and the size field.
  const sizeStart = close + 6;
  const sizeEnd = message.indexOf(' ', sizeStart);
  if (sizeEnd < 0) return -1;
  const lastQuote = message.lastIndexOf('"');
  const restStart = Math.max(sizeEnd, lastQuote + 1);
  const rest = message.slice(restStart).trim().split(' ', 1)[0];
  if (/^\d+\.\d+$/.test(rest)) return Number(rest) * 1000;
  if (/^\d+$/.test(rest)) return Number(rest) / 1000;
  return -1;
}

function threeDigits(s: string, at: number): number {
  if (at + 3 > s.length) return -1;
  let n = 0;
  for (let i = at; i < at + 3; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  const after = s.charCodeAt(at + 3);
  if (at + 3 < s.length && after !== 32) return -1;
  return n >= 100 && n <= 599 ? n : -1;
}
