/** What a connection asks for when the agent and unencrypted keys are not enough. */
export interface SecretRequest {
  kind: 'passphrase' | 'password';
  /** Keychain account: the key file path for a passphrase, `user@host:port` for a password. */
  account: string;
  /** The profile's host name, for the person being asked. */
  host: string;
  prompt: string;
}

/**
 * Supplies passphrases and passwords: from the OS keychain, or by asking the operator. Returns null when
 * there is none; the connection then moves on to the next method. A secret is handed to ssh2 and
 * nowhere else.
 */
export interface SecretSource {
  get(request: SecretRequest): Promise<string | null>;
  /** Called when a secret was rejected, so it is not offered again (and is removed from the keychain). */
  reject?(request: SecretRequest): Promise<void>;
}

export const noSecrets: SecretSource = {
  get: async () => null,
};
