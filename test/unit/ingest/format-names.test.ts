import { describe, expect, it } from 'vitest';
import { BUILT_IN_FORMATS } from '../../../src/engine/ingest/formats/registry';
import { createTimeZone } from '../../../src/engine/ingest/parser/timezone';
import { isTimeZoneSpec, LOG_FORMAT_NAMES } from '../../../src/shared/log-source-fields';

describe('what a profile may name, as the parser reads it', () => {
  it('lists exactly the built-in formats', () => {
    expect([...LOG_FORMAT_NAMES]).toEqual(BUILT_IN_FORMATS.map((format) => format.name));
  });

  it.each([
    'UTC',
    'z',
    'GMT',
    '+0200',
    '-05:30',
    '+02',
    'UTC+01',
    'Europe/Paris',
    'America/New_York',
    'Mars/Olympus',
    'Europe/Pariss',
    '+2',
    '02:00',
    '',
  ])('accepts %j exactly when the parser can read stamps in it', (spec) => {
    let parserReads = true;
    try {
      createTimeZone(spec);
    } catch {
      parserReads = false;
    }
    expect(isTimeZoneSpec(spec)).toBe(parserReads);
  });
});
