// Where JSON log lines keep their time, level and text: read by the parser, and by the stream to show a
// line's text first.

/**
 * Field names of Bunyan, Pino, zap, logrus, ECS, GELF, python-json-logger, Serilog (capitalised),
 * MongoDB, Log4j 2's JsonLayout, nginx's JSON access logs, Kubernetes' audit log, `journalctl -o json`,
 * HashiCorp's hclog (Vault, Consul, Nomad: `@level`, `@message`) and OpenTelemetry's log records
 * (`Timestamp`/`timeUnixNano`, `SeverityText`, `Body`), in order of preference.
 */
export const JSON_TIME_KEYS = [
  '@timestamp',
  'timestamp',
  'time',
  'ts',
  'datetime',
  'date',
  'asctime',
  't',
  '@t',
  'Timestamp',
  'Time',
  'instant',
  'timeMillis',
  'time_iso8601',
  'time_local',
  'requestReceivedTimestamp',
  'eventTime',
  '__REALTIME_TIMESTAMP',
  'timeUnixNano',
  'observedTimeUnixNano',
];
export const JSON_LEVEL_KEYS = [
  'level',
  'severity',
  'lvl',
  'log.level',
  'levelname',
  'loglevel',
  'log_level',
  '@l',
  'Level',
  'Severity',
  'PRIORITY',
  '@level',
  'SeverityText',
  'severityText',
];
/**
 * Where a line's text is: Docker's json-file `log`, or the message itself (Serilog's compact `@m`). The parser
 * looks there for a level word when no field gives one.
 */
export const JSON_TEXT_KEYS = ['log', 'msg', 'message', 'MESSAGE', '@message', '@m', 'Body', 'body'];
