import type { ScaleSuggestion } from '../../shared/action-types';

export type SuggestionChange = 'new' | 'updated' | 'withdrawn' | 'unchanged';

/**
 * The suggestion currently standing for each application. Fresh advice with the same from → to renews
 * the standing one (same id, new evidence and expiry), so a card and its idempotency key stay put while
 * the forecast only wobbles; different advice replaces it; no advice or an expiry withdraws it.
 */
export class SuggestionBook {
  private readonly standing = new Map<string, ScaleSuggestion>();

  offer(
    app: string,
    advice: ScaleSuggestion | null,
    now: number,
  ): { change: SuggestionChange; suggestion: ScaleSuggestion | null } {
    const previous = this.current(app, now);
    if (!advice) {
      if (!previous) return { change: 'unchanged', suggestion: null };
      this.standing.delete(app);
      return { change: 'withdrawn', suggestion: null };
    }
    if (previous && previous.from === advice.from && previous.to === advice.to) {
      const renewed = { ...advice, id: previous.id, createdAt: previous.createdAt };
      this.standing.set(app, renewed);
      return { change: 'updated', suggestion: renewed };
    }
    this.standing.set(app, advice);
    return { change: 'new', suggestion: advice };
  }

  withdraw(app: string): boolean {
    return this.standing.delete(app);
  }

  get(id: string, now: number): ScaleSuggestion | null {
    for (const s of this.standing.values()) if (s.id === id) return s.expires > now ? s : null;
    return null;
  }

  /** Standing suggestions, newest first; expired ones are dropped. */
  list(now: number): ScaleSuggestion[] {
    this.expire(now);
    return [...this.standing.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Drops expired suggestions and returns their applications. */
  expire(now: number): string[] {
    const lapsed = [...this.standing].filter(([, s]) => s.expires <= now).map(([app]) => app);
    for (const app of lapsed) this.standing.delete(app);
    return lapsed;
  }

  private current(app: string, now: number): ScaleSuggestion | null {
    const s = this.standing.get(app);
    return s && s.expires > now ? s : null;
  }
}
