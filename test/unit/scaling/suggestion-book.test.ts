import { describe, expect, it } from 'vitest';
import { SuggestionBook } from '../../../src/engine/scaling/suggestion-book';
import type { ScaleSuggestion } from '../../../src/shared/action-types';

const suggestion = (from: number, to: number, createdAt: number, ttl = 1000): ScaleSuggestion => ({
  id: `checkout:${from}->${to}@${createdAt}`,
  app: 'checkout',
  from,
  to,
  direction: to > from ? 'up' : 'down',
  reason: `reason at ${createdAt}`,
  evidence: { metric: 'm', last: 1, peak: 2, peakUpper: 3, level: 0.8, model: 'theta', lookaheadMs: 1 },
  createdAt,
  expires: createdAt + ttl,
});

describe('suggestion book', () => {
  it('renews a suggestion with the same from → to, keeping its id and first time', () => {
    const book = new SuggestionBook();
    expect(book.offer('checkout', suggestion(2, 4, 0), 0).change).toBe('new');
    const renewed = book.offer('checkout', suggestion(2, 4, 500), 500);
    expect(renewed.change).toBe('updated');
    expect(renewed.suggestion).toMatchObject({
      id: 'checkout:2->4@0',
      createdAt: 0,
      reason: 'reason at 500',
      expires: 1500,
    });
  });

  it('replaces a suggestion when the forecast changes the advice', () => {
    const book = new SuggestionBook();
    book.offer('checkout', suggestion(2, 4, 0), 0);
    const next = book.offer('checkout', suggestion(2, 6, 100), 100);
    expect(next).toMatchObject({ change: 'new', suggestion: { id: 'checkout:2->6@100' } });
  });

  it('withdraws a suggestion when the advice is to stay, and when it expires', () => {
    const book = new SuggestionBook();
    book.offer('checkout', suggestion(2, 4, 0), 0);
    expect(book.offer('checkout', null, 10).change).toBe('withdrawn');
    expect(book.offer('checkout', null, 20).change).toBe('unchanged');
    book.offer('checkout', suggestion(2, 4, 100), 100);
    expect(book.list(1099)).toHaveLength(1);
    expect(book.get('checkout:2->4@100', 1099)).not.toBeNull();
    expect(book.expire(1100)).toEqual(['checkout']);
    expect(book.list(1100)).toEqual([]);
  });

  it('starts afresh after an expiry rather than renewing the lapsed suggestion', () => {
    const book = new SuggestionBook();
    book.offer('checkout', suggestion(2, 4, 0), 0);
    expect(book.offer('checkout', suggestion(2, 4, 2000), 2000)).toMatchObject({
      change: 'new',
      suggestion: { id: 'checkout:2->4@2000' },
    });
  });
});
