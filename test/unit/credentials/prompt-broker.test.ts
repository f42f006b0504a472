import { afterEach, describe, expect, it, vi } from 'vitest';
import { PromptBroker } from '../../../src/engine/credentials/prompt-broker';
import type { PromptRequest } from '../../../src/shared/api';

const hostKeyQuestion = {
  kind: 'hostKey' as const,
  host: 'web-1',
  message: 'Trust this key?',
  fingerprint: 'SHA256:abc',
  keyType: 'ssh-ed25519',
  canRemember: true,
};
const passwordQuestion = {
  kind: 'password' as const,
  host: 'web-2',
  message: 'Password for deploy@web-2',
  canRemember: true,
};

/** A broker whose announcements are recorded as the list of open questions after each one. */
function recordingBroker(timeoutMs?: number) {
  const announced: Array<{ open: PromptRequest[]; settledId?: string }> = [];
  const broker: PromptBroker = new PromptBroker(
    (_request, settledId) => announced.push({ open: broker.open(), settledId }),
    timeoutMs,
  );
  return { broker, announced };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('PromptBroker', () => {
  it('announces a question with an id, and resolves with the answer given for that id', async () => {
    const { broker, announced } = recordingBroker();
    const answer = broker.ask(hostKeyQuestion);

    expect(announced).toHaveLength(1);
    const [open] = announced[0].open;
    expect(open).toMatchObject(hostKeyQuestion);
    expect(open.id).toMatch(/^[0-9a-f-]{36}$/);

    expect(broker.answer(open.id, { accept: true, remember: true })).toBe(true);
    await expect(answer).resolves.toEqual({ accept: true, remember: true });
    expect(broker.open()).toEqual([]);
    expect(announced[1]).toEqual({ open: [], settledId: open.id });
  });

  it('keeps several questions open at once and settles each on its own', async () => {
    const { broker } = recordingBroker();
    const first = broker.ask(hostKeyQuestion);
    const second = broker.ask(passwordQuestion);
    const [a, b] = broker.open();
    expect([a.kind, b.kind]).toEqual(['hostKey', 'password']);
    expect(a.id).not.toBe(b.id);

    broker.answer(b.id, { accept: true, secret: 's3cret', remember: false });
    await expect(second).resolves.toEqual({ accept: true, secret: 's3cret', remember: false });
    expect(broker.open().map((p) => p.id)).toEqual([a.id]);
    broker.answer(a.id, { accept: false });
    await expect(first).resolves.toEqual({ accept: false });
  });

  it('never puts an answer, or its secret, into an announcement', async () => {
    const announcements: unknown[] = [];
    const broker: PromptBroker = new PromptBroker((request, settledId) =>
      announcements.push({ request, settledId, open: broker.open() }),
    );
    const answer = broker.ask(passwordQuestion);
    broker.answer(broker.open()[0].id, { accept: true, secret: 'hunter2', remember: true });
    await answer;
    expect(JSON.stringify(announcements)).not.toContain('hunter2');
  });

  it('refuses an answer to a question that is no longer open', async () => {
    const { broker } = recordingBroker();
    const answer = broker.ask(hostKeyQuestion);
    const { id } = broker.open()[0];
    expect(broker.answer(id, { accept: true })).toBe(true);
    expect(broker.answer(id, { accept: false })).toBe(false);
    expect(broker.answer('no-such-id', { accept: true })).toBe(false);
    await expect(answer).resolves.toEqual({ accept: true });
  });

  it('declines (null) a question nobody answers in time', async () => {
    vi.useFakeTimers();
    const { broker, announced } = recordingBroker(1000);
    const answer = broker.ask(hostKeyQuestion);
    const { id } = broker.open()[0];
    vi.advanceTimersByTime(999);
    expect(broker.open()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    await expect(answer).resolves.toBeNull();
    expect(broker.open()).toEqual([]);
    expect(announced.at(-1)).toEqual({ open: [], settledId: id });
    expect(broker.answer(id, { accept: true })).toBe(false);
  });

  it('declines every open question on cancelAll (a disconnect)', async () => {
    const { broker } = recordingBroker();
    const answers = [broker.ask(hostKeyQuestion), broker.ask(passwordQuestion)];
    broker.cancelAll();
    await expect(Promise.all(answers)).resolves.toEqual([null, null]);
    expect(broker.open()).toEqual([]);
  });
});
