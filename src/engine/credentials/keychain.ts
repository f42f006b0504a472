/** The OS keychain as Watchfloor uses it: one service, accounts named by key file or user@host:port. */
export interface Keychain {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<void>;
}

export const KEYCHAIN_SERVICE = 'watchfloor';

/**
 * The system keychain through keytar (Keychain on macOS, Credential Vault on Windows, Secret Service on
 * Linux). Loaded lazily: where no keychain is available, secrets are simply not remembered.
 */
export function systemKeychain(onUnavailable: (why: string) => void = () => undefined): Keychain {
  type Keytar = typeof import('keytar');
  let keytar: Promise<Keytar | null> | undefined;
  const load = (): Promise<Keytar | null> =>
    (keytar ??= import('keytar').then(
      (module) => ((module as { default?: Keytar }).default ?? module) as Keytar,
      (err: Error) => {
        onUnavailable(`the OS keychain is not available (${err.message}); secrets will not be remembered`);
        return null;
      },
    ));
  const guard = async <T>(fallback: T, op: (k: Keytar) => Promise<T>): Promise<T> => {
    const k = await load();
    if (!k) return fallback;
    try {
      return await op(k);
    } catch (err) {
      onUnavailable(`the OS keychain refused the request: ${(err as Error).message}`);
      return fallback;
    }
  };
  return {
    get: (account) => guard(null, (k) => k.getPassword(KEYCHAIN_SERVICE, account)),
    set: (account, secret) => guard(undefined, (k) => k.setPassword(KEYCHAIN_SERVICE, account, secret)),
    delete: (account) =>
      guard(undefined, async (k) => void (await k.deletePassword(KEYCHAIN_SERVICE, account))),
  };
}
