import { describe, expect, it } from 'vitest';
import { requiredLiteral } from '../../../src/engine/search/required-literal';

describe('requiredLiteral', () => {
  it('finds the longest run every match must contain', () => {
    expect(requiredLiteral(/status=5\d\d/)).toBe('status=5');
    expect(requiredLiteral(/took=\d{4}ms/)).toBe('took=');
    expect(requiredLiteral(/db-[0-3]:5432/)).toBe(':5432');
    expect(requiredLiteral(/user=ka\w+ /)).toBe('user=ka');
    expect(requiredLiteral(/GET \/api\/orders/)).toBe('GET /api/orders');
  });

  it('leaves out optional characters and whole groups', () => {
    expect(requiredLiteral(/colou?r/)).toBe('colo');
    expect(requiredLiteral(/abcx*yz/)).toBe('abc');
    expect(requiredLiteral(/ab+cdef/)).toBe('cdef');
    expect(requiredLiteral(/(optional)?tail/)).toBe('tail');
    expect(requiredLiteral(/x{2}yyy/)).toBe('yyy');
  });

  it('gives up on alternation, case-insensitive regexes and short runs', () => {
    expect(requiredLiteral(/error|warn/)).toBeNull();
    expect(requiredLiteral(/timeout/i)).toBeNull();
    expect(requiredLiteral(/a.b.c/)).toBeNull();
  });
});
