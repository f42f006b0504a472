import { describe, expect, it } from 'vitest';
import {
  asciiTerms,
  indexTerms,
  keyHash,
  isIndexTerm,
  termPattern,
} from '../../../src/engine/search/log-tokenizer';

describe('log tokenizer', () => {
  it('splits on every non-alphanumeric character, so key=value pairs become words', () => {
    expect(indexTerms('db query table=orders user_id=42 took 12ms')).toEqual([
      'db',
      'query',
      'table',
      'orders',
      'user',
      'id',
      'took',
    ]);
  });

  it('drops numbers, tokens with digits, hex ids and single letters', () => {
    expect(indexTerms('GET /api/v2/items/93af2c1e-77b0 500 in 0.3s from 10.0.0.7 a deadbeefcafe x')).toEqual([
      'get',
      'api',
      'items',
      'in',
      'from',
    ]);
  });

  it('gives every message of one template the same terms', () => {
    expect(indexTerms('User 17 logged in from 10.1.1.1')).toEqual(
      indexTerms('user 99 logged in from 10.2.2.2'),
    );
    expect(indexTerms('user 17 logged in')).not.toEqual(indexTerms('user 17 logged out'));
  });

  it('knows which query words the index can answer', () => {
    expect(isIndexTerm('timeout')).toBe(true);
    expect(isIndexTerm('http2')).toBe(false);
    expect(isIndexTerm('deadbeef')).toBe(false);
    expect(isIndexTerm('a')).toBe(false);
  });

  it('finds a term in raw text the way the index would', () => {
    expect(termPattern('orders', false).test('table=orders rows=2')).toBe(true);
    expect(termPattern('orders', false).test('table=ordersx')).toBe(false);
    expect(termPattern('orders', false).test('ORDERS2')).toBe(false);
    expect(termPattern('conn', true).test('Connection reset')).toBe(true);
  });
});

describe('indexTerms agrees with the term pattern on any text', () => {
  // The definition: letter runs, 2 to 40 long, with no word character on either side; hex-like runs dropped.
  const WORD = 'A-Za-z0-9\\u0080-\\uffff';
  const TERM = new RegExp(`(?<![${WORD}])[a-z\\u0080-\\uffff]{2,40}(?![${WORD}])`, 'g');
  const byPattern = (text: string) =>
    [...text.toLowerCase().matchAll(TERM)]
      .map((m) => m[0])
      .filter((t) => t.length < 8 || !/^[a-f]{8,}$/.test(t));

  it('on random mixes of letters, digits, punctuation, accents, CJK and surrogate pairs', () => {
    // Pieces of one code point each (Array.from splits by code point, keeping surrogate pairs whole).
    const alphabet = Array.from('aBzef07 =_-./éÜßİ日本😀\t"');
    for (const text of randomTexts(alphabet, 12345, 5000)) {
      expect(indexTerms(text), JSON.stringify(text)).toEqual(byPattern(text));
    }
  });

  it('finds the same terms in ASCII bytes as in the text, and hashes the same key, without making strings', () => {
    // Pieces of one code point each (Array.from splits by code point, keeping surrogate pairs whole).
    const alphabet = Array.from('aBzeFc07 =_-.@[`{\t');
    const out = { bounds: new Int32Array(2), count: 0, hash: 0 };
    for (const text of randomTexts(alphabet, 777, 5000)) {
      // Inside a larger buffer, as rows sit in a segment's arena.
      const bytes = Buffer.from(`x1 ${text} z9`, 'latin1');
      const found = asciiTerms(bytes, 3, 3 + text.length, out);
      const terms = [];
      for (let t = 0; t < found.count; t++)
        terms.push(bytes.toString('latin1', found.bounds[2 * t], found.bounds[2 * t + 1]).toLowerCase());
      expect(terms, JSON.stringify(text)).toEqual(indexTerms(text));
      expect(found.hash).toBe(keyHash(terms.join(' ')));
    }
    expect(keyHash('upstream timeout')).not.toBe(keyHash('upstream timeouts'));
  });
});

/** Random texts from an alphabet of pieces, with runs of repeats (deterministic for a seed). */
function randomTexts(alphabet: readonly string[], seed: number, count: number): string[] {
  let state = seed;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state % n;
  };
  return Array.from({ length: count }, () => {
    const length = random(80);
    let text = '';
    for (let i = 0; i < length; i++)
      text += alphabet[random(alphabet.length)].repeat(1 + random(random(10) === 0 ? 50 : 3));
    return text;
  });
}
