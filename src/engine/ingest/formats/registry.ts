import type { LogFormat } from '../parser/log-format';
import { accessLogFormat } from './access-log';
import { apacheErrorFormat } from './apache-error';
import { bsdStampFormat } from './bsd-stamp';
import { chromiumFormat } from './chromium';
import { compactDatetimeFormat } from './compact-datetime';
import { containerRuntimeFormat } from './container-runtime';
import { ctimeFormat } from './ctime';
import { dotnetConsoleFormat } from './dotnet-console';
import { epochFormat } from './epoch';
import { iso8601Format } from './iso8601';
import { javaUtilLoggingFormat } from './java-util-logging';
import { journaldShortIsoFormat } from './journald-short-iso';
import { jsonLinesFormat } from './json-lines';
import { klogFormat } from './klog';
import { log15TerminalFormat } from './log15-terminal';
import { log4jFormat } from './log4j';
import { logcatFormat } from './logcat';
import { logfmtFormat } from './logfmt';
import { mysqlSlowFormat } from './mysql-slow';
import { plainFormat } from './plain';
import { prefixedFormat } from './prefixed';
import { pythonLoggingFormat } from './python-logging';
import { redisFormat } from './redis';
import { syslogRfc3164Format } from './syslog-rfc3164';
import { syslogRfc5424Format } from './syslog-rfc5424';
import { timeOfDayFormat } from './time-of-day';
import { w3cExtendedFormat } from './w3c-extended';
import { zabbixFormat } from './zabbix';
import { webSphereFormat } from './websphere';
import { windowsCbsFormat } from './windows-cbs';

/** Every format a line may be in by itself (not wrapped by a container runtime), `plain` last. */
const LINE_FORMATS: readonly LogFormat[] = [
  iso8601Format,
  log4jFormat,
  pythonLoggingFormat,
  javaUtilLoggingFormat,
  windowsCbsFormat,
  journaldShortIsoFormat,
  syslogRfc3164Format,
  syslogRfc5424Format,
  accessLogFormat,
  apacheErrorFormat,
  jsonLinesFormat,
  logfmtFormat,
  klogFormat,
  log15TerminalFormat,
  chromiumFormat,
  webSphereFormat,
  logcatFormat,
  redisFormat,
  compactDatetimeFormat,
  bsdStampFormat,
  epochFormat,
  ctimeFormat,
  timeOfDayFormat,
  dotnetConsoleFormat,
  w3cExtendedFormat,
  zabbixFormat,
  mysqlSlowFormat,
  prefixedFormat,
  plainFormat,
];

/** Every built-in format. Detection scores them all; `plain` is what remains when none fits. */
export const BUILT_IN_FORMATS: readonly LogFormat[] = [
  containerRuntimeFormat(LINE_FORMATS.filter((format) => format !== plainFormat)),
  ...LINE_FORMATS,
];

export function findFormat(name: string): LogFormat | undefined {
  return BUILT_IN_FORMATS.find((format) => format.name === name);
}
