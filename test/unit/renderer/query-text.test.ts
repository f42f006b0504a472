import { describe, expect, it } from 'vitest';
import {
  composeQuery,
  filterPart,
  highlightPattern,
  replaceFieldChip,
  splitMarked,
  toggleChip,
} from '../../../src/renderer/composables/query-text';

describe('filter chips', () => {
  it('writes a filter as a query part, quoting values with spaces or quotes', () => {
    expect(filterPart('host', 'web-1')).toBe('host:web-1');
    expect(filterPart('source', '/var/log/my app.log')).toBe('source:"/var/log/my app.log"');
    expect(filterPart('app', 'a"b')).toBe('app:"a\\"b"');
  });

  it('composes chips and typed text into one query', () => {
    expect(composeQuery(['host:web-1', 'level:>=error'], '  timeout ')).toBe(
      'host:web-1 level:>=error timeout',
    );
    expect(composeQuery([], '')).toBe('');
  });

  it('toggles a chip and replaces one of the same field', () => {
    expect(toggleChip(['host:web-1'], 'host:web-1')).toEqual([]);
    expect(toggleChip(['host:web-1'], 'host:web-2')).toEqual(['host:web-1', 'host:web-2']);
    expect(replaceFieldChip(['host:web-1', 'level:warn'], 'level:>=error')).toEqual([
      'host:web-1',
      'level:>=error',
    ]);
  });
});

describe('highlightPattern', () => {
  const marked = (query: string, text: string) =>
    splitMarked(text, highlightPattern(query))
      .filter((p) => p.marked)
      .map((p) => p.text);

  it('marks words, prefixes, phrases, substrings and regexes, and not field parts', () => {
    expect(marked('timeout host:web-1 level:>=warn', 'Timeout on web-1: timeouts')).toEqual(['Timeout']);
    expect(marked('time*', 'timeout timer')).toEqual(['time', 'time']);
    expect(marked('"connection reset"', 'a Connection reset by peer')).toEqual(['Connection reset']);
    expect(marked('/user=\\d+/', 'user=42 user=x')).toEqual(['user=42']);
    expect(marked('93af-12', 'id 93af-12 ok')).toEqual(['93af-12']);
    expect(marked('source:"/var/log/a b.log" x', 'a b x')).toEqual(['x']);
  });

  it('has nothing to mark for field-only or unreadable queries', () => {
    expect(highlightPattern('host:web-1 level:error')).toBeNull();
    expect(highlightPattern('')).toBeNull();
    expect(splitMarked('abc', null)).toEqual([{ text: 'abc', marked: false }]);
  });
});
