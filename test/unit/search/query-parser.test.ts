import { describe, expect, it } from 'vitest';
import { isEmptyQuery, parseQuery, QuerySyntaxError } from '../../../src/engine/search/query-parser';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);
const parse = (text: string) => parseQuery(text, NOW);

describe('parseQuery', () => {
  it('reads plain words as case-insensitive index terms, `word*` as a prefix', () => {
    expect(parse('Timeout  upstream conn*').terms).toEqual([
      { text: 'timeout', prefix: false },
      { text: 'upstream', prefix: false },
      { text: 'conn', prefix: true },
    ]);
  });

  it('reads anything that is not a plain word as an exact substring: ids, numbers, punctuation', () => {
    const q = parse("req-93af2c1e 500 user@example.com x 'Exact Case text'");
    expect(q.terms).toEqual([]);
    expect(q.substrings).toEqual(['req-93af2c1e', '500', 'user@example.com', 'x', 'Exact Case text']);
  });

  it('treats hex-looking words as substrings too (the index drops them)', () => {
    expect(parse('deadbeefcafe').substrings).toEqual(['deadbeefcafe']);
  });

  it('reads "quoted phrases", with escaped quotes', () => {
    expect(parse('"connection refused" "say \\"hi\\""').phrases).toEqual(['connection refused', 'say "hi"']);
  });

  it('reads /regex/ with flags, keeping slashes inside classes and escapes', () => {
    const q = parse('/status=5\\d\\d/ /[/]api/i');
    expect(q.regexes.map((r) => [r.source, r.flags])).toEqual([
      ['status=5\\d\\d', ''],
      ['[/]api', 'i'],
    ]);
  });

  it('reads host:, app: and source: filters, several of a kind meaning any of them', () => {
    const q = parse('host:web-1 host:web-2* app:checkout source:"/var/log/my app.log" error');
    expect(q.hosts).toEqual(['web-1', 'web-2*']);
    expect(q.apps).toEqual(['checkout']);
    expect(q.sources).toEqual(['/var/log/my app.log']);
    expect(q.terms).toEqual([{ text: 'error', prefix: false }]);
  });

  it('reads level filters: exact, lists, comparisons and common aliases', () => {
    expect(parse('level:error').levels).toEqual(['error']);
    expect(parse('level:>=warn').levels).toEqual(['fatal', 'error', 'warn']);
    expect(parse('level:>warn').levels).toEqual(['fatal', 'error']);
    expect(parse('level:<=info').levels).toEqual(['info', 'debug', 'trace']);
    expect(parse('level:warning,ERR').levels).toEqual(['warn', 'error']);
    expect(parse('level:>=warn level:<=error').levels).toEqual(['error', 'warn']);
  });

  it('reads since:/until: as ISO times (UTC without offset), epoch ms, or durations back from now', () => {
    expect(parse('since:2024-05-01T10:00:00Z').since).toBe(Date.UTC(2024, 4, 1, 10));
    expect(parse('since:2024-05-01T10:00').since).toBe(Date.UTC(2024, 4, 1, 10));
    expect(parse('since:2024-05-01T12:00:00+02:00').since).toBe(Date.UTC(2024, 4, 1, 10));
    expect(parse('until:1714557600000').until).toBe(1714557600000);
    expect(parse('since:15m until:30s')).toMatchObject({ since: NOW - 15 * 60_000, until: NOW - 30_000 });
    expect(parse('since:2h').since).toBe(NOW - 2 * 3_600_000);
  });

  it('keeps unknown field-like words (urls, key=value) as text', () => {
    const q = parse('http://x/y table:orders');
    expect(q.substrings).toEqual(['http://x/y', 'table:orders']);
  });

  it('says what is wrong and where', () => {
    const cases: [string, RegExp, number][] = [
      ['error "unclosed', /unclosed "/, 6],
      ['/abc', /unclosed \/regex\//, 0],
      ['/a(/', /invalid regular expression/, 0],
      ['/a/g', /flags may be i, m, s and u/, 3],
      ['level:loud', /unknown level "loud"/, 0],
      ['since:yesterday', /cannot read the time "yesterday"/, 0],
      ['host:', /host: needs a value/, 0],
      ['level:>=warn,error', /takes one level/, 0],
    ];
    for (const [text, message, position] of cases) {
      let error: unknown;
      try {
        parse(text);
      } catch (err) {
        error = err;
      }
      expect(error, text).toBeInstanceOf(QuerySyntaxError);
      expect((error as QuerySyntaxError).message).toMatch(message);
      expect((error as QuerySyntaxError).position, text).toBe(position);
    }
  });

  it('knows an empty query', () => {
    expect(isEmptyQuery(parse('   '))).toBe(true);
    expect(isEmptyQuery(parse('level:error'))).toBe(false);
  });
});
