import { describe, expect, it } from 'vitest';
import {
  levelFromHttpStatus,
  levelFromLetter,
  levelFromNumber,
  levelFromSyslogPriority,
  levelFromWord,
} from '../../../src/engine/ingest/parser/levels';

describe('level normalisation', () => {
  it.each([
    ['ERROR', 'error'],
    ['Err', 'error'],
    ['SEVERE', 'error'],
    ['WARNING', 'warn'],
    ['warn', 'warn'],
    ['CRITICAL', 'fatal'],
    ['emerg', 'fatal'],
    ['notice', 'info'],
    ['Info', 'info'],
    ['DEBUG', 'debug'],
    ['FINEST', 'trace'],
    ['verbose', 'trace'],
    ['wArNiNg', 'warn'],
    ['FTL', 'fatal'],
    ['VRB', 'trace'],
  ] as const)('maps the word %s to %s', (word, level) => {
    expect(levelFromWord(word)).toBe(level);
  });

  it('does not take ordinary words for levels', () => {
    expect(levelFromWord('failed')).toBeNull();
    expect(levelFromWord('combo')).toBeNull();
  });

  it.each([
    ['E', 'error'],
    ['W', 'warn'],
    ['I', 'info'],
    ['D', 'debug'],
    ['V', 'trace'],
    ['F', 'fatal'],
  ] as const)('maps the logcat/klog letter %s to %s', (letter, level) => {
    expect(levelFromLetter(letter.charCodeAt(0))).toBe(level);
  });

  it('takes the severity of a syslog priority as PRI & 7', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((s) => levelFromSyslogPriority(8 * 4 + s))).toEqual([
      'fatal',
      'fatal',
      'fatal',
      'error',
      'warn',
      'info',
      'info',
      'debug',
    ]);
  });

  it('maps HTTP status: 5xx error, 4xx warn, else info', () => {
    expect([200, 302, 404, 499, 500, 503].map(levelFromHttpStatus)).toEqual([
      'info',
      'info',
      'warn',
      'warn',
      'error',
      'error',
    ]);
  });

  it('maps Bunyan/Pino numeric levels', () => {
    expect([10, 20, 30, 40, 50, 60].map(levelFromNumber)).toEqual([
      'trace',
      'debug',
      'info',
      'warn',
      'error',
      'fatal',
    ]);
  });
});
