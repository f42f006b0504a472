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

/** `UTC`, `GMT`, `Z`, an offset (`+0200`, `-05:30`, `UTC+02`) or an IANA zone name the runtime knows. */
export function isTimeZoneSpec(value: string): boolean {
  const spec = value.trim();
  if (/^(utc|gmt|z)$/i.test(spec) || /^(?:utc|gmt)?[+-]\d{2}(?::?\d{2})?$/i.test(spec)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: spec });
    return true;
  } catch {
    return false;
  }
}
