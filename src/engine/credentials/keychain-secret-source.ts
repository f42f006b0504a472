import type { Keychain } from './keychain';
import type { SecretRequest, SecretSource } from './secret-source';

/** Asks the operator for a secret; resolves null when they decline. */
export type SecretAsker = (request: SecretRequest) => Promise<{ secret: string; remember: boolean } | null>;

/**
 * Secrets from the OS keychain first, then from the operator (once per session: kept in memory only, so
 * a reconnect does not ask again). Stored in the keychain only when the operator ticks "remember".
 * A rejected secret is forgotten, in memory and in the keychain.
 */
export class KeychainSecretSource implements SecretSource {
  private readonly session = new Map<string, string>();
  /** Questions the operator declined: not asked again until they retry. */
  private readonly declined = new Set<string>();

  constructor(
    private readonly keychain: Keychain,
    private readonly ask: SecretAsker,
  ) {}

  async get(request: SecretRequest): Promise<string | null> {
    const key = `${request.kind}:${request.account}`;
    const known = this.session.get(key) ?? (await this.keychain.get(key));
    if (known !== null && known !== undefined) {
      this.session.set(key, known);
      return known;
    }
    if (this.declined.has(key)) return null;
    const answer = await this.ask(request);
    if (!answer) {
      this.declined.add(key);
      return null;
    }
    this.session.set(key, answer.secret);
    if (answer.remember) await this.keychain.set(key, answer.secret);
    return answer.secret;
  }

  /** The operator asked to retry: questions they declined may be asked again. */
  forgetDeclined(): void {
    this.declined.clear();
  }

  async reject(request: SecretRequest): Promise<void> {
    const key = `${request.kind}:${request.account}`;
    this.session.delete(key);
    await this.keychain.delete(key);
  }
}
