import { describe, expect, it } from 'vitest';
import { regularise } from '../../../src/engine/analytics/regular-series';
import { parseSeriesCsv, parseTimestamp } from '../../../src/engine/analytics/series-csv';

const t = (iso: string) => Date.parse(iso);

describe('series CSV', () => {
  it('reads NAB-style timestamps as UTC and skips the header', () => {
    const points = parseSeriesCsv(
      'timestamp,value\n2014-02-14 14:30:00,0.132\n2014-02-14 14:35:00,1.5\n',
      'cpu.csv',
    );
    expect(points).toEqual([
      { ts: t('2014-02-14T14:30:00Z'), value: 0.132 },
      { ts: t('2014-02-14T14:35:00Z'), value: 1.5 },
    ]);
  });

  it('accepts ISO timestamps with a zone and epoch seconds', () => {
    expect(parseTimestamp('2024-05-01T10:00:00+02:00')).toBe(t('2024-05-01T08:00:00Z'));
    expect(parseTimestamp('1700000000')).toBe(1_700_000_000_000);
  });

  it('names the file and line of a bad number', () => {
    expect(() =>
      parseSeriesCsv('timestamp,value\n2014-02-14 14:30:00,1\n2014-02-14 14:35:00,abc\n', 'rates.csv'),
    ).toThrow('rates.csv: bad number "abc" on line 3');
  });

  it('leaves out samples without a value (empty, NaN, null, NA, a dash), to be filled when regularised', () => {
    const text = [
      'timestamp,value',
      '0,1',
      '60,',
      '120,NaN',
      '180,null',
      '240,n/a',
      '300,-',
      '360,7',
      '420,8',
      '480,9',
    ];
    const points = parseSeriesCsv(text.join('\n'), 'gaps.csv');
    expect(points.map((p) => p.value)).toEqual([1, 7, 8, 9]);
    const series = regularise(points);
    expect(series.filled).toBe(5);
    expect(series.values).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps every sample of a jittered series (60 s ± 7 s), whose median gap is longer than its mean one', () => {
    // Gaps of 67, 67 and 46 s in turn: a grid at the 67 s median would hold 447 of the 500 samples.
    const points = Array.from({ length: 500 }, (_, i) => ({ ts: i * 60_000 + (i % 3) * 7_000, value: i }));
    const series = regularise(points);
    expect(series.values).toHaveLength(500);
    expect(Math.abs(series.step - 60_000)).toBeLessThan(100);
    expect(series.values).toEqual(points.map((p) => p.value));
  });

  it('keeps the median step of a regular series with holes', () => {
    const points = Array.from({ length: 100 }, (_, i) => ({ ts: i * 60_000, value: i })).filter(
      (_, i) => i % 4 !== 1,
    );
    const series = regularise(points);
    expect(series.step).toBe(60_000);
    expect(series.filled).toBe(25);
  });

  it.each([
    ['2024/01/02 10:00:00', '2024-01-02T10:00:00Z'],
    ['01/02/2024 10:00', '2024-01-02T10:00:00Z'],
    ['02.01.2024 10:00:00', '2024-01-02T10:00:00Z'],
    ['20240102T100000Z', '2024-01-02T10:00:00Z'],
    ['Jan 2 2024 10:00:00', '2024-01-02T10:00:00Z'],
  ])('reads the spreadsheet and exporter timestamp %s', (text, iso) => {
    expect(parseSeriesCsv(`time,value\n${text},1\n`, 'x.csv')).toEqual([{ ts: t(iso), value: 1 }]);
  });

  it('reads all slash dates of a file day first once one of them shows it, and decimal commas after semicolons', () => {
    const points = parseSeriesCsv('time;value\n05/01/2024 10:00;1,5\n13/01/2024 10:00;2,25\n', 'x.csv');
    expect(points).toEqual([
      { ts: t('2024-01-05T10:00:00Z'), value: 1.5 },
      { ts: t('2024-01-13T10:00:00Z'), value: 2.25 },
    ]);
  });

  it('reads semicolon and tab separated files, and a leading byte-order mark', () => {
    for (const text of ['\uFEFFtime;value\n0;1\n60;2\n', 'time\tvalue\n0\t1\n60\t2\n'])
      expect(parseSeriesCsv(text, 'x.csv')).toEqual([
        { ts: 0, value: 1 },
        { ts: 60_000, value: 2 },
      ]);
  });

  it('names the file and line of a bad timestamp after the header', () => {
    expect(() =>
      parseSeriesCsv('timestamp,value\n2014-02-14 14:30:00,1\nyesterday,2\n', 'rates.csv'),
    ).toThrow('rates.csv: bad timestamp "yesterday" on line 3');
  });
});

describe('regularising a series', () => {
  it('uses the median step, averages points sharing a slot and interpolates gaps', () => {
    const minute = 60_000;
    const series = regularise([
      { ts: 0, value: 1 },
      { ts: minute, value: 2 },
      { ts: 2 * minute, value: 3 },
      { ts: 3 * minute, value: 4 },
      { ts: 3 * minute + 10_000, value: 6 },
      { ts: 6 * minute, value: 11 },
    ]);
    expect(series.step).toBe(minute);
    expect(series.values).toEqual([1, 2, 3, 5, 7, 9, 11]);
    expect(series.filled).toBe(2);
  });

  it('sorts out-of-order input', () => {
    const series = regularise([
      { ts: 2000, value: 3 },
      { ts: 0, value: 1 },
      { ts: 1000, value: 2 },
    ]);
    expect(series.values).toEqual([1, 2, 3]);
  });
});
