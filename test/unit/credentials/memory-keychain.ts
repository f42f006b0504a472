import type { Keychain } from '../../../src/engine/credentials/keychain';

/** A keychain in a Map, recording every call, for tests of what is read, stored and forgotten. */
export class MemoryKeychain implements Keychain {
  readonly entries = new Map<string, string>();
  readonly calls: string[] = [];

  async get(account: string): Promise<string | null> {
    this.calls.push(`get ${account}`);
    return this.entries.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.calls.push(`set ${account}`);
    this.entries.set(account, secret);
  }

  async delete(account: string): Promise<void> {
    this.calls.push(`delete ${account}`);
    this.entries.delete(account);
  }
}
