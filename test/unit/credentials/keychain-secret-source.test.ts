import { describe, expect, it } from 'vitest';
import {
  KeychainSecretSource,
  type SecretAsker,
} from '../../../src/engine/credentials/keychain-secret-source';
import type { SecretRequest } from '../../../src/engine/credentials/secret-source';
import { MemoryKeychain } from './memory-keychain';

const passphrase: SecretRequest = {
  kind: 'passphrase',
  account: '/home/op/.ssh/id_ed25519',
  host: 'web-1',
  prompt: 'Passphrase for /home/op/.ssh/id_ed25519',
};
const password: SecretRequest = {
  kind: 'password',
  account: 'deploy@10.0.0.5:22',
  host: 'web-2',
  prompt: 'Password for deploy@10.0.0.5:22',
};

/** An operator who gives the listed answers in turn, recording each question. */
function operator(...answers: Array<{ secret: string; remember: boolean } | null>) {
  const asked: SecretRequest[] = [];
  const ask: SecretAsker = async (request) => {
    asked.push(request);
    return answers.shift() ?? null;
  };
  return { asked, ask };
}

describe('KeychainSecretSource', () => {
  it('takes a stored secret from the keychain, under "<kind>:<account>", without asking', async () => {
    const keychain = new MemoryKeychain();
    keychain.entries.set('passphrase:/home/op/.ssh/id_ed25519', 'stored');
    const { asked, ask } = operator();
    const source = new KeychainSecretSource(keychain, ask);

    expect(await source.get(passphrase)).toBe('stored');
    expect(asked).toEqual([]);
  });

  it('asks when the keychain has nothing, and stores the answer only when told to remember', async () => {
    const keychain = new MemoryKeychain();
    const { asked, ask } = operator({ secret: 'typed', remember: false }, { secret: 'kept', remember: true });
    const source = new KeychainSecretSource(keychain, ask);

    expect(await source.get(passphrase)).toBe('typed');
    expect(keychain.entries.size).toBe(0);
    expect(await source.get(password)).toBe('kept');
    expect(keychain.entries.get('password:deploy@10.0.0.5:22')).toBe('kept');
    expect(asked).toEqual([passphrase, password]);
  });

  it('keeps an answer for the session: a reconnect does not ask again or read the keychain', async () => {
    const keychain = new MemoryKeychain();
    const { asked, ask } = operator({ secret: 'typed', remember: false });
    const source = new KeychainSecretSource(keychain, ask);

    await source.get(password);
    keychain.calls.length = 0;
    expect(await source.get(password)).toBe('typed');
    expect(asked).toHaveLength(1);
    expect(keychain.calls).toEqual([]);
  });

  it('does not ask again after the operator declined, until declined questions are forgotten', async () => {
    const { asked, ask } = operator(null, { secret: 'second try', remember: false });
    const source = new KeychainSecretSource(new MemoryKeychain(), ask);

    expect(await source.get(password)).toBeNull();
    expect(await source.get(password)).toBeNull();
    expect(asked).toHaveLength(1);
    source.forgetDeclined();
    expect(await source.get(password)).toBe('second try');
    expect(asked).toHaveLength(2);
  });

  it('forgets a rejected secret in memory and in the keychain, then asks the operator', async () => {
    const keychain = new MemoryKeychain();
    keychain.entries.set('password:deploy@10.0.0.5:22', 'stale');
    keychain.entries.set('passphrase:/home/op/.ssh/id_ed25519', 'unrelated');
    const { asked, ask } = operator({ secret: 'fresh', remember: true });
    const source = new KeychainSecretSource(keychain, ask);

    expect(await source.get(password)).toBe('stale');
    await source.reject(password);
    expect(keychain.entries.has('password:deploy@10.0.0.5:22')).toBe(false);
    expect(keychain.entries.get('passphrase:/home/op/.ssh/id_ed25519')).toBe('unrelated');
    expect(await source.get(password)).toBe('fresh');
    expect(asked).toEqual([password]);
    expect(keychain.entries.get('password:deploy@10.0.0.5:22')).toBe('fresh');
  });

  it('keeps a passphrase and a password for the same account name apart', async () => {
    const keychain = new MemoryKeychain();
    const { ask } = operator();
    keychain.entries.set('passphrase:same', 'for the key');
    keychain.entries.set('password:same', 'for the login');
    const source = new KeychainSecretSource(keychain, ask);

    expect(await source.get({ ...passphrase, account: 'same' })).toBe('for the key');
    expect(await source.get({ ...password, account: 'same' })).toBe('for the login');
  });
});
