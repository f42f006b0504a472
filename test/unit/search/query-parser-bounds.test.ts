import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../src/engine/search/query-parser';

describe('repeated time bounds', () => {
  it('must all hold: the latest since and the earliest until, in any order', () => {
    const q = parseQuery(
      'since:1000000000000 until:1000000090000 since:1000000010000 until:1000000019999',
      0,
    );
    expect(q.since).toBe(1_000_000_010_000);
    expect(q.until).toBe(1_000_000_019_999);
    const reversed = parseQuery(
      'since:1000000010000 since:1000000000000 until:1000000019999 until:1000000090000',
      0,
    );
    expect(reversed.since).toBe(1_000_000_010_000);
    expect(reversed.until).toBe(1_000_000_019_999);
  });
});
