import { describe, expect, it } from 'vitest';
import { lineFilter } from '../../../src/engine/fleet/line-filter';

describe('lineFilter', () => {
  const lines = [
    'GET /health 200',
    'GET /api 500 ERROR',
    'POST /api 503 error',
    'WARN slow',
    'ERROR ignored: probe',
  ];

  it('keeps the lines matching any include and no exclude', () => {
    expect(lines.filter(lineFilter(['ERROR', 'error'], ['ignored']))).toEqual([
      'GET /api 500 ERROR',
      'POST /api 503 error',
    ]);
  });

  it('keeps everything not excluded when there is no include, and everything with no pattern at all', () => {
    expect(lines.filter(lineFilter([], ['^GET ']))).toEqual([
      'POST /api 503 error',
      'WARN slow',
      'ERROR ignored: probe',
    ]);
    expect(lines.filter(lineFilter([], []))).toEqual(lines);
  });

  it('reads each pattern as a whole: an alternation inside one does not leak into the others', () => {
    expect(lines.filter(lineFilter(['WARN|health', '50[03] ERROR$'], []))).toEqual([
      'GET /health 200',
      'GET /api 500 ERROR',
      'WARN slow',
    ]);
  });

  it('names a pattern JavaScript cannot read', () => {
    expect(() => lineFilter(['ok', 'a++(?<'], [])).toThrow(
      /the pattern "a\+\+\(\?<" is not one JavaScript reads/,
    );
  });
});
