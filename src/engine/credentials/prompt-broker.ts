import { randomUUID } from 'node:crypto';
import type { PromptAnswer, PromptRequest } from '../../shared/api';

type PromptQuestion = Omit<PromptRequest, 'id'>;

/**
 * Asks the operator questions the engine cannot answer itself (an unknown host key, a passphrase, a
 * password) through whichever front end is attached, and waits for the answer. Questions are announced
 * as events; answers come back as requests. A question nobody answers in time is declined.
 */
export class PromptBroker {
  private readonly pending = new Map<
    string,
    { request: PromptRequest; resolve: (a: PromptAnswer | null) => void; timer: NodeJS.Timeout }
  >();

  constructor(
    private readonly announce: (request: PromptRequest | null, settledId?: string) => void,
    private readonly timeoutMs = 10 * 60_000,
  ) {}

  ask(question: PromptQuestion): Promise<PromptAnswer | null> {
    const request: PromptRequest = { id: randomUUID(), ...question };
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(request.id, null), this.timeoutMs);
      this.pending.set(request.id, { request, resolve, timer });
      this.announce(request);
    });
  }

  /** Returns false when the question is no longer open (answered elsewhere, timed out, cancelled). */
  answer(id: string, answer: PromptAnswer): boolean {
    return this.settle(id, answer);
  }

  open(): PromptRequest[] {
    return [...this.pending.values()].map((p) => p.request);
  }

  cancelAll(): void {
    for (const id of [...this.pending.keys()]) this.settle(id, null);
  }

  private settle(id: string, answer: PromptAnswer | null): boolean {
    const entry = this.pending.get(id);
    if (!entry) return false;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(answer);
    this.announce(null, id);
    return true;
  }
}
