// What a log source's `format` and `timezone` may say, checked where the profile is read (the editor and
// `profile check`) so that a typo is named at its line instead of failing the source at connect time.

/** The parser's built-in formats by name (the ingest registry is kept equal to this list by a test). */
export const LOG_FORMAT_NAMES = [
  'cri',
  'iso8601',
  'log4j',
  'python-logging',
  'java-util-logging',
  'windows-cbs',
  'journald-short-iso',
  'syslog-rfc3164',
  'syslog-rfc5424',
  'access-log',
  'apache-error',
  'json',
  'logfmt',
  'klog',
  'log15',
  'chromium',
  'websphere',
  'logcat',
  'redis',
  'compact-datetime',
  'bsd-stamp',
  'epoch',
  'ctime',
  'time-of-day',
  'dotnet-console',
  'w3c-extended',
  'zabbix',
  'mysql-slow',
  'prefixed',
  'plain',
] as const;

export function isLogFormatName(value: string): boolean {
  return value === 'auto' || (LOG_FORMAT_NAMES as readonly string[]).includes(value);
}

/**
 * A fixed zone: `UTC`, `GMT` or `Z` (named UTC), or an offset (`+0200`, `-05:30`, `+02`, `UTC+01`) in
 * minutes east of UTC; null for anything else (an IANA zone name).
 */
export function fixedOffset(spec: string): { name: string; minutes: number } | null {
  const trimmed = spec.trim();
  if (/^(utc|gmt|z)$/i.test(trimmed)) return { name: 'UTC', minutes: 0 };
  const offset = /^(?:utc|gmt)?([+-])(\d{2}):?(\d{2})?$/i.exec(trimmed);
  if (!offset) return null;
  const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
  return { name: trimmed, minutes: offset[1] === '-' ? -minutes : minutes };
}

/** A fixed zone (see fixedOffset) or an IANA zone name the runtime knows. */
export function isTimeZoneSpec(value: string): boolean {
  if (fixedOffset(value) !== null) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value.trim() });
    return true;
  } catch {
    return false;
  }
}
