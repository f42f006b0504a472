import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AnyAuthMethod, AuthenticationType } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthHandler, describeAuthFailure } from '../../../src/engine/credentials/auth-plan';
import type { SecretRequest, SecretSource } from '../../../src/engine/credentials/secret-source';

const PASSPHRASE = 'open sesame';

/** A secret source answering from a list per kind, recording gets and rejects. */
function scriptedSecrets(answers: Partial<Record<SecretRequest['kind'], string[]>>) {
  const log: string[] = [];
  const source: SecretSource = {
    get: async (request) => {
      log.push(`get ${request.kind}`);
      return answers[request.kind]?.shift() ?? null;
    },
    reject: async (request) => {
      log.push(`reject ${request.kind}`);
    },
  };
  return { source, log };
}

/** Calls the handler as ssh2 does and returns what it chose (false when it gave up). */
function choose(
  handler: ReturnType<typeof createAuthHandler>['handler'],
  methodsLeft: AuthenticationType[] | null,
): Promise<AnyAuthMethod | false> {
  return new Promise((resolve) =>
    (handler as (m: unknown, p: boolean, next: (a: unknown) => void) => void)(methodsLeft, false, (a) =>
      resolve(a as AnyAuthMethod | false),
    ),
  );
}

describe('createAuthHandler', () => {
  let dir: string;
  let encryptedKey: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wf-auth-plan-'));
    encryptedKey = path.join(dir, 'id_ed25519');
    // Made by ssh-keygen, as users' keys are: the SSH library's own generator writes a key that neither it
    // nor ssh-keygen can read again about once in 300 encrypted keys. One bcrypt round: fast to try, the
    // test is about the flow.
    execFileSync('ssh-keygen', [
      '-q',
      '-t',
      'ed25519',
      '-a',
      '1',
      '-N',
      PASSPHRASE,
      '-C',
      '',
      '-f',
      encryptedKey,
    ]);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function plan(secrets: SecretSource) {
    return createAuthHandler({
      username: 'deploy',
      host: 'web-1',
      account: 'deploy@10.0.0.5:22',
      identityFiles: [encryptedKey],
      identitiesOnly: false,
      secrets,
    });
  }

  it('asks with "none" first, before any secret is looked up', async () => {
    const { source, log } = scriptedSecrets({});
    expect(await choose(plan(source).handler, null)).toEqual({ type: 'none', username: 'deploy' });
    expect(log).toEqual([]);
  });

  it('tries only the methods PreferredAuthentications lists, in its order', async () => {
    const { source, log } = scriptedSecrets({ passphrase: [PASSPHRASE], password: ['pw'] });
    const { handler } = createAuthHandler({
      username: 'deploy',
      host: 'web-1',
      account: 'deploy@10.0.0.5:22',
      identityFiles: [encryptedKey],
      identitiesOnly: false,
      secrets: source,
      preferredMethods: ['password', 'publickey'],
    });
    await choose(handler, null);
    expect(await choose(handler, ['publickey', 'keyboard-interactive', 'password'])).toEqual({
      type: 'password',
      username: 'deploy',
      password: 'pw',
    });
    expect(
      (await choose(handler, ['publickey', 'keyboard-interactive', 'password'])) as AnyAuthMethod,
    ).toMatchObject({
      type: 'publickey',
    });
    // keyboard-interactive is not listed: nothing is left after the key.
    expect(await choose(handler, ['publickey', 'keyboard-interactive', 'password'])).toBe(false);
    expect(log).toEqual(['get password', 'reject password', 'get passphrase']);
  });

  it('does not ask for a key passphrase when the server takes only passwords', async () => {
    const { source, log } = scriptedSecrets({ passphrase: [PASSPHRASE], password: ['pw'] });
    const { handler } = plan(source);
    await choose(handler, null);
    expect(await choose(handler, ['password'])).toEqual({
      type: 'password',
      username: 'deploy',
      password: 'pw',
    });
    expect(log).toEqual(['get password']);
  });

  it('does not ask for a password when the server takes only keys', async () => {
    const { source, log } = scriptedSecrets({ password: ['pw'] });
    const { handler } = plan(source);
    await choose(handler, null);
    await choose(handler, ['publickey']); // the key: no passphrase given, skipped
    expect(log).toEqual(['get passphrase']);
  });

  it('unlocks an encrypted key with its passphrase', async () => {
    const { source } = scriptedSecrets({ passphrase: [PASSPHRASE] });
    const { handler, attempts } = plan(source);
    await choose(handler, null);
    const method = await choose(handler, ['publickey', 'password']);
    expect(method).toMatchObject({ type: 'publickey', username: 'deploy' });
    expect(attempts.keyFiles).toEqual([encryptedKey]);
  });

  it('rejects a wrong passphrase and asks again, giving up after three', async () => {
    const right = scriptedSecrets({ passphrase: ['wrong', PASSPHRASE] });
    const first = plan(right.source);
    await choose(first.handler, null);
    expect(await choose(first.handler, ['publickey'])).toMatchObject({ type: 'publickey' });
    expect(right.log).toEqual(['get passphrase', 'reject passphrase', 'get passphrase']);

    const wrong = scriptedSecrets({ passphrase: ['a', 'b', 'c', 'd'] });
    const second = plan(wrong.source);
    await choose(second.handler, null);
    expect(await choose(second.handler, ['publickey'])).toBe(false);
    expect(wrong.log.filter((l) => l === 'reject passphrase')).toHaveLength(3);
    expect(describeAuthFailure('deploy@web-1', second.attempts)).toContain(
      `${encryptedKey} (the passphrase was wrong)`,
    );
  });

  it('rejects a password the server refused, so the keychain forgets it', async () => {
    const { source, log } = scriptedSecrets({ password: ['stale'] });
    const { handler } = plan(source);
    await choose(handler, null);
    await choose(handler, ['password']);
    expect(await choose(handler, ['password'])).toBe(false);
    expect(log).toEqual(['get password', 'reject password']);
  });
});
