import type { Level } from '../../../shared/types';
import { findLevel, mnemonicLevel } from '../parser/level-finder';
import {
  levelFromHttpStatus,
  levelFromLetter,
  levelFromNumber,
  levelFromUpperWord,
  levelFromWord,
} from '../parser/levels';
import { createParseContext } from '../parser/parse-context';
import { cursor, fixedDigits, isDigit, isWordChar, readDigits, skipBlanks, tokenEnd } from '../parser/scan';
import { scanCompactStamp } from './stamps/compact-stamp';
import { scanIsoStamp } from './stamps/iso-stamp';

/** Longest `tag[pid]:` taken for a syslog tag. */
const TAG_LENGTH = 128;

/** Priority read by the last `readPriority`, -1 when the line had none. */
export const priority = { value: -1 };

/** Position after a `<PRI>` at `pos`, or `pos` when there is none. */
export function readPriority(line: string, pos: number): number {
  priority.value = -1;
  if (line.charCodeAt(pos) !== 60) return pos;
  const value = readDigits(line, pos + 1, 1, 3);
  if (value < 0 || value > 191 || line.charCodeAt(cursor.end) !== 62) return pos;
  priority.value = value;
  return cursor.end + 1;
}

/**
 * Position just after `host tag[pid]:` following `pos`, or -1 when the line has no tag. The tag is the one
 * token after the host and ends with the colon (`sshd[123]:`, `postfix/smtpd[9]:`, `kernel:`); a colon
 * further on belongs to the message (`pid=1 tid=abc … INFO: start` is no syslog line).
 */
export function afterHostAndTag(line: string, pos: number): number {
  const hostStart = skipBlanks(line, pos);
  const hostEnd = tokenEnd(line, hostStart);
  if (hostEnd === hostStart || hostEnd >= line.length) return -1;
  const tagStart = skipBlanks(line, hostEnd);
  const tagEnd = tokenEnd(line, tagStart);
  if (tagEnd === tagStart || tagEnd - tagStart > TAG_LENGTH || line.charCodeAt(tagEnd - 1) !== 58) return -1;
  return tagEnd;
}

/**
 * Programs that log through syslog often start the message with their own level (`error: …`, `<warn> …`,
 * `ERROR …`), or write their whole log line into it: a stamp and a level (`2024-03-01 12:00:00,123 ERROR
 * [main] …`), a klog header (kubelet: `E0301 12:00:00.123456 1234 file.go:42] …`), a JSON object or
 * logfmt pairs with a level field. Prose further on is not read for levels.
 */
export function levelOfMessage(line: string, pos: number, programPrefix = true): Level | null {
  const tagLevel = levelInTagPlace(line, pos);
  if (tagLevel !== null) return tagLevel;
  const start = skipBlanks(line, pos);
  const end = tokenEnd(line, start);
  const first = line.charCodeAt(start);
  const last = line.charCodeAt(end - 1);
  if (last === 58 && end - start > 3 && end - start <= 12) {
    const level = levelFromWord(line.slice(start, end - 1));
    // Or the program names itself again (`nginx[99]: nginx: [emerg] bind() …`): its level follows.
    return level ?? (programPrefix ? levelOfMessage(line, end, false) : null);
  }
  if ((first === 60 && last === 62) || (first === 91 && last === 93))
    return levelFromWord(line.slice(start + 1, end - 1));
  if (end - start >= 3 && end - start <= 12) {
    const upper = levelFromUpperWord(line.slice(start, end));
    if (upper !== null) return upper;
  }
  if (end - start === 5 && isKlogHeader(line, start)) return levelFromLetter(first);
  if (first === 123) return fieldLevel(JSON_LEVEL.exec(line.slice(start, start + FIELD_SEARCH)));
  const stampEnd = isDigit(first) ? embeddedStampEnd(line, start) : -1;
  if (stampEnd > 0) return findLevel(line, stampEnd);
  const status = haproxyHttpStatus(line, start, end);
  if (status > 0) return levelFromHttpStatus(status);
  if (line.indexOf('=', start) > 0) {
    const level = fieldLevel(LOGFMT_LEVEL.exec(line.slice(start, start + FIELD_SEARCH)));
    if (level !== null) return level;
  }
  return deviceMnemonicLevel(line, pos);
}

/** Tokens from the tag on in which network devices' mnemonics are looked for. */
const MNEMONIC_TOKENS = 6;

/**
 * Network devices (Cisco IOS, NX-OS, ASA, Arista EOS) name each message `%FACILITY-SEVERITY-MNEMONIC:`, as
 * the syslog tag (`fw1 %ASA-4-106023:`), after an empty one (`fw1 : %ASA-…`) or after the device's own
 * stamp (`rtr1 1234: *Mar  1 12:00:00.123: %LINK-3-UPDOWN:`): its severity is syslog's.
 */
function deviceMnemonicLevel(line: string, messageStart: number): Level | null {
  let start = line.lastIndexOf(' ', messageStart - 2) + 1;
  for (let token = 0; token < MNEMONIC_TOKENS && start < line.length; token++) {
    const end = tokenEnd(line, start);
    const level = mnemonicLevel(line, start, end);
    if (level !== null) return level;
    start = skipBlanks(line, end);
  }
  return null;
}

/**
 * Host-less lines (Dovecot's own log: `Mar  5 12:00:00 auth: Error: …`) put the program where the host is
 * and the level where the tag is: a tag that is a level word is the level.
 */
function levelInTagPlace(line: string, tagEnd: number): Level | null {
  // Most tags end in a pid (`sshd[812]:`): no word to look up, nothing to copy on this per-line path.
  if (!isWordChar(line.charCodeAt(tagEnd - 2))) return null;
  const start = line.lastIndexOf(' ', tagEnd - 2) + 1;
  const size = tagEnd - 1 - start;
  return size >= 3 && size <= 12 ? levelFromWord(line.slice(start, tagEnd - 1)) : null;
}

/** `Lmmdd hh:` at `start`, L one of I W E F: glog's and klog's header. */
function isKlogHeader(line: string, start: number): boolean {
  const letter = line.charCodeAt(start);
  if (letter !== 73 && letter !== 87 && letter !== 69 && letter !== 70) return false;
  const month = fixedDigits(line, start + 1, 2);
  const day = fixedDigits(line, start + 3, 2);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && fixedDigits(line, start + 6, 2) >= 0;
}

/**
 * The status of HAProxy's HTTP log (`client:port [date] frontend backend/server TR/Tw/Tc/Tr/Ta status …`),
 * whose first token is `[start, end)`; -1 for any other message, its TCP log (three timers, no status)
 * included.
 */
function haproxyHttpStatus(line: string, start: number, end: number): number {
  if (!isDigit(line.charCodeAt(end - 1)) || line.lastIndexOf(':', end) <= start) return -1;
  const date = skipBlanks(line, end);
  const dateEnd = tokenEnd(line, date);
  if (line.charCodeAt(date) !== 91 || line.charCodeAt(dateEnd - 1) !== 93) return -1;
  const backend = skipBlanks(line, tokenEnd(line, skipBlanks(line, dateEnd)));
  const timers = skipBlanks(line, tokenEnd(line, backend));
  const timersEnd = tokenEnd(line, timers);
  const slash = line.indexOf('/', backend);
  if (slash < 0 || slash >= timers) return -1;
  let slashes = 0;
  for (let i = timers; i < timersEnd; i++) {
    const c = line.charCodeAt(i);
    if (c === 47) slashes++;
    else if (!isDigit(c) && c !== 45 && c !== 43) return -1;
  }
  const status = skipBlanks(line, timersEnd);
  if (slashes !== 4 || tokenEnd(line, status) !== status + 3) return -1;
  return fixedDigits(line, status, 3);
}

/** How much of a message is searched for a level field. */
const FIELD_SEARCH = 512;
const JSON_LEVEL = /"(?:level|severity|lvl|levelname|log\.level|@l)"\s*:\s*"?(\w+)/i;
const LOGFMT_LEVEL = /(?:^|\s)(?:level|lvl|severity)=("?)(\w+)\1(?=\s|$)/i;

function fieldLevel(match: RegExpExecArray | null): Level | null {
  if (match === null) return null;
  const value = match[match.length - 1];
  return /^\d+$/.test(value) ? levelFromNumber(Number(value)) : levelFromWord(value);
}

/** Stamps are read only for where they end; the syslog header already dated the line. */
const SCRATCH = createParseContext();
const EMBEDDED_SCANNERS = [scanIsoStamp, scanCompactStamp];

function embeddedStampEnd(line: string, pos: number): number {
  for (const scan of EMBEDDED_SCANNERS) {
    const end = scan(line, pos, SCRATCH);
    if (end > 0) return end;
  }
  return -1;
}
