import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyMatch } from '../../../src/renderer/composables/fuzzy-match';

describe('fuzzyMatch', () => {
  it('matches characters in order, case-insensitively, and reports where', () => {
    expect(fuzzyMatch('tgl', 'Toggle theme')?.positions).toEqual([0, 2, 4]);
    expect(fuzzyMatch('TT', 'toggle theme')?.positions).toEqual([0, 7]);
    expect(fuzzyMatch('xyz', 'Toggle theme')).toBeNull();
    expect(fuzzyMatch('eht', 'the')).toBeNull();
  });

  it('matches everything with an empty query and ignores spaces in the query', () => {
    expect(fuzzyMatch('', 'anything')).toEqual({ score: 0, positions: [] });
    expect(fuzzyMatch('open ed', 'Open profile editor')).not.toBeNull();
  });

  it('prefers word starts, but never gives up a match to get one', () => {
    expect(fuzzyMatch('pe', 'Open profile editor')?.positions).toEqual([5, 13]);
    expect(fuzzyMatch('ab', 'xaBc a')?.positions).toEqual([1, 2]);
  });
});

describe('fuzzyFilter', () => {
  const commands = ['Toggle theme', 'Open profile editor', 'Connect profile…', 'Follow the stream'];

  it('ranks word-start and consecutive matches first and drops non-matches', () => {
    expect(fuzzyFilter(commands, 'tt', (c) => c)).toEqual(['Toggle theme', 'Follow the stream']);
    expect(fuzzyFilter(commands, 'conn', (c) => c)).toEqual(['Connect profile…']);
    expect(fuzzyFilter(commands, 'prof', (c) => c)).toEqual(['Connect profile…', 'Open profile editor']);
    expect(fuzzyFilter(commands, 'oped', (c) => c)[0]).toBe('Open profile editor');
    expect(fuzzyFilter(commands, 'zzz', (c) => c)).toEqual([]);
  });

  it('keeps the original order for an empty query', () => {
    expect(fuzzyFilter(commands, '', (c) => c)).toEqual(commands);
  });
});
