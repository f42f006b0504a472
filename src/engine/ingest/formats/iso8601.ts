import type { Level } from '../../../shared/types';
import { LONGEST_LEVEL_WORD, levelFromLetter, levelFromUpperWord } from '../parser/levels';
import { cursor, isDigit, readDigits, skipBlanks } from '../parser/scan';
import { leadingStampFormat } from './leading-stamp-format';
import { scanIsoStamp } from './stamps/iso-stamp';

/** Fields of a CSV line searched for its level: PostgreSQL's csvlog has it in the twelfth. */
const CSV_LEVEL_FIELDS = 16;
const COMMA = 44;
const QUOTE = 34;
const CLOSE_BRACKET = 93;
const SPACE = 32;
const [D, E, F, I, W] = [...'DEFIW'].map((letter) => letter.charCodeAt(0));

export const iso8601Format = leadingStampFormat({
  name: 'iso8601',
  description: 'Lines opening with an ISO-8601 / RFC 3339 timestamp, level among the next fields',
  specificity: 40,
  scan: scanIsoStamp,
  samples: [
    {
      line: '2024-03-01 12:00:00.123 +01:00 [FTL] Host terminated unexpectedly',
      ts: '2024-03-01T11:00:00.123Z',
      level: 'fatal',
    },
    { line: '2024-03-01 2:05:09 PM [ERROR] Payment failed', ts: '2024-03-01T14:05:09Z', level: 'error' },
    { line: '2024-03-01 12:05:09 pm.max_children reached', ts: '2024-03-01T12:05:09Z', level: null },
    {
      line: '2024-03-01 12:00:01,123 - util.py[WARNING]: Failed to fetch metadata',
      ts: '2024-03-01T12:00:01.123Z',
      level: 'warn',
    },
    {
      line: "2024-03-01 12:00:00,123 [salt.minion      :1234][ERROR   ][5678] Command 'state.apply' failed",
      ts: '2024-03-01T12:00:00.123Z',
      level: 'error',
    },
    {
      line: '2024-03-01 12:00:00,123:DEBUG:certbot._internal.main:certbot version: 2.1.0',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'debug',
    },
    {
      line: '[2024/03/01 12:00:01.123456,  0] ../../source3/smbd/server.c:1741(main)',
      ts: '2024-03-01T12:00:01.123Z',
      level: 'error',
    },
    {
      line: '[2024-03-01 12:00:00] production.ERROR: Undefined variable $x {"exception":"[object] (ErrorException(code: 0)"}',
      ts: '2024-03-01T12:00:00Z',
      level: 'error',
    },
    {
      line: '2024.03.01 12:00:01.223456 [ 1234 ] {5c1f-42} <Warning> executeQuery: Code: 60. Table default.x does not exist',
      ts: '2024-03-01T12:00:01.223Z',
      level: 'warn',
    },
    {
      line: '2024-03-01 12:00:01.5678|WARN|MyApp.Worker|retrying',
      ts: '2024-03-01T12:00:01.567Z',
      level: 'warn',
    },
    {
      line: '2024-03-01 12:00:00.123 UTC,"app","db",1234,"10.0.0.1:5555",65e1c0a0.4d2,1,"SELECT",2024-03-01 11:59:00 UTC,3/45,0,ERROR,42P01,"relation ""foo"" does not exist",,,,,,"SELECT * FROM foo;",15,,"psql","client backend",,0',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'error',
    },
    {
      line: '2024-03-01 12:00:01.123 UTC,,,99,,65e1c0a0.63,1,,2024-03-01 11:00:00 UTC,,0,LOG,00000,"checkpoint starting: time",,,,,,,,,"","checkpointer",,0',
      ts: '2024-03-01T12:00:01.123Z',
      level: 'info',
    },
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
    {
      line: '2024-03-01T12:00:02.789+0000 E QUERY    [conn2] assertion 13435 not master and slaveOk=false',
      ts: '2024-03-01T12:00:02.789Z',
      level: 'error',
    },
    {
      line: '2024-03-01T12:00:01.123456789Z {"level":"info","ts":1709294401.1,"msg":"retry after error: refused"}',
      ts: '2024-03-01T12:00:01.123Z',
      level: 'info',
    },
    {
      line: '2024-03-01T12:00:00.123456Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections.',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'info',
    },
    {
      line: '2024-03-01 12:00:00.123456 W | etcdserver: read-only range request took too long',
      ts: '2024-03-01T12:00:00.123Z',
      level: 'warn',
    },
    {
      line: '[2024-03-01 12:00:02 +0000] critical/checkresultreader: Cannot parse check result',
      ts: '2024-03-01T12:00:02Z',
      level: 'fatal',
    },
  ],
  levelOtherwise: (line, end) =>
    csvLevel(line, end) ??
    sambaLevel(line, end) ??
    mongoSeverity(line, end) ??
    capnslogLevel(line, end) ??
    mysqlSystemLabel(line, end),
});

/**
 * MySQL 8's error log: `STAMP thread [Label] [MY-code] [Subsystem] …`; the labels Error, Warning and Note
 * are level words, `System` (startup, shutdown and other events always logged) is informational.
 */
function mysqlSystemLabel(line: string, end: number): Level | null {
  const thread = skipBlanks(line, end);
  const label = skipBlanks(line, readDigits(line, thread, 1, 20) < 0 ? thread : cursor.end);
  return line.startsWith('[System] [MY-', label) ? 'info' : null;
}

/** CoreOS capnslog (etcd before 3.4): `2024-03-01 12:00:00.123456 W | etcdserver: …`, its level's initial. */
function capnslogLevel(line: string, end: number): Level | null {
  if (line.charCodeAt(end) !== SPACE || line.charCodeAt(end + 2) !== SPACE) return null;
  if (line.charCodeAt(end + 3) !== 124 || line.charCodeAt(end + 4) !== SPACE) return null;
  return levelFromLetter(line.charCodeAt(end + 1));
}

/** A component name of MongoDB's text log: `NETWORK`, `STORAGE`, `-`. */
const MONGO_COMPONENT = /^[A-Z_-]{1,16} +\[/;

/**
 * MongoDB's text log before 4.4: `… I NETWORK  [conn1] …`, a severity letter (F E W I, D1 – D5) and a
 * component in capitals before the context in brackets.
 */
function mongoSeverity(line: string, end: number): Level | null {
  if (line.charCodeAt(end) !== SPACE) return null;
  const letter = line.charCodeAt(end + 1);
  if (letter !== F && letter !== E && letter !== W && letter !== I && letter !== D) return null;
  let at = end + 2;
  if (letter === D && isDigit(line.charCodeAt(at))) at++;
  if (line.charCodeAt(at) !== SPACE || !MONGO_COMPONENT.test(line.slice(at + 1, at + 40))) return null;
  return levelFromLetter(letter);
}

/** Samba's debug level after its stamp (`[2024/03/01 12:00:00.123456,  0] …`): 0 error, 1 warning, 2–3 info. */
function sambaLevel(line: string, end: number): Level | null {
  if (line.charCodeAt(end) !== COMMA) return null;
  const at = skipBlanks(line, end + 1);
  const value = readDigits(line, at, 1, 2);
  if (value < 0 || line.charCodeAt(cursor.end) !== CLOSE_BRACKET) return null;
  return value === 0 ? 'error' : value === 1 ? 'warn' : value <= 3 ? 'info' : 'debug';
}

/**
 * A CSV line after its stamp (PostgreSQL's csvlog: `2024-… UTC,"user","db",…,ERROR,42P01,"message",…`):
 * the first of its fields that is a level in capitals, quoted or not.
 */
function csvLevel(line: string, end: number): Level | null {
  if (line.charCodeAt(end) !== COMMA) return null;
  let from = end + 1;
  for (let field = 0; field < CSV_LEVEL_FIELDS && from <= line.length; field++) {
    const quoted = line.charCodeAt(from) === QUOTE;
    const textStart = quoted ? from + 1 : from;
    let textEnd = textStart;
    if (quoted) {
      // A doubled quote is a quote inside the field.
      while (
        textEnd < line.length &&
        (line.charCodeAt(textEnd) !== QUOTE || line.charCodeAt(textEnd + 1) === QUOTE)
      )
        textEnd += line.charCodeAt(textEnd) === QUOTE ? 2 : 1;
    } else {
      while (textEnd < line.length && line.charCodeAt(textEnd) !== COMMA) textEnd++;
    }
    if (textEnd > textStart && textEnd - textStart <= LONGEST_LEVEL_WORD) {
      const level = levelFromUpperWord(line.slice(textStart, textEnd));
      if (level !== null) return level;
    }
    from = (quoted ? textEnd + 1 : textEnd) + 1;
  }
  return null;
}
