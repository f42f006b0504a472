import { readFile } from 'node:fs/promises';
import { OpenSSHAgent, type AnyAuthMethod, type AuthenticationType, type AuthHandlerMiddleware } from 'ssh2';
import { IdentitiesOnlyAgent, identityPublicKeys } from './identities-only-agent';
import { parsePrivateKey } from './private-key';
import type { SecretSource } from './secret-source';

export interface AuthPlanInput {
  username: string;
  host: string;
  /** `user@host:port` of the target, for password prompts and keychain accounts. */
  account: string;
  agentSocket?: string;
  identityFiles: string[];
  identitiesOnly: boolean;
  secrets: SecretSource;
  /** PreferredAuthentications: the methods to try, in this order (others are not tried); all when absent. */
  preferredMethods?: string[];
}

/** What was tried, to explain a refusal in words a person can act on. */
export interface AuthAttempts {
  agent: boolean;
  /** Keys the agent could offer (under IdentitiesOnly, those of the identity files), when it could be asked. */
  agentKeys: number | null;
  /** IdentitiesOnly held back the agent's other keys. */
  identitiesOnly: boolean;
  keyFiles: string[];
  skippedKeyFiles: { path: string; why: string }[];
  password: boolean;
}

/**
 * Builds ssh2's authHandler: the agent first, then each identity file, then password and
 * keyboard-interactive with a secret from the keychain or the operator, like OpenSSH's default order, or
 * in the order PreferredAuthentications gives.
 */
export function createAuthHandler(input: AuthPlanInput): {
  handler: AuthHandlerMiddleware;
  attempts: AuthAttempts;
} {
  const attempts: AuthAttempts = {
    agent: false,
    agentKeys: null,
    identitiesOnly: input.identitiesOnly,
    keyFiles: [],
    skippedKeyFiles: [],
    password: false,
  };
  // Each step names the method it would use, so a method the server does not offer is skipped
  // before its step runs: no passphrase or password is looked up, or asked for, in vain.
  const steps: Array<{ method: AuthenticationType; run: () => Promise<AnyAuthMethod | null> }> = [];
  const addStep = (method: AuthenticationType, run: () => Promise<AnyAuthMethod | null>) =>
    steps.push({ method, run });

  if (input.agentSocket) {
    const socket = input.agentSocket;
    addStep('publickey', async () => {
      attempts.agent = true;
      const agent = input.identitiesOnly
        ? new IdentitiesOnlyAgent(socket, await identityPublicKeys(input.identityFiles))
        : new OpenSSHAgent(socket);
      attempts.agentKeys = await countAgentKeys(agent);
      // No key to offer: go on to the key files rather than spend a round trip.
      if (attempts.agentKeys === 0) return null;
      return { type: 'agent', username: input.username, agent };
    });
  }
  for (const path of input.identityFiles) {
    addStep('publickey', async () => {
      const key = await loadPrivateKey(path, input, attempts);
      if (!key) return null;
      attempts.keyFiles.push(path);
      return { type: 'publickey', username: input.username, key };
    });
  }
  const passwordRequest = {
    kind: 'password' as const,
    account: input.account,
    host: input.host,
    prompt: `Password for ${input.account}`,
  };
  addStep('password', async () => {
    const password = await input.secrets.get(passwordRequest);
    if (password === null) return null;
    attempts.password = true;
    return { type: 'password', username: input.username, password };
  });
  addStep('keyboard-interactive', async () => {
    const password = await input.secrets.get(passwordRequest);
    if (password === null) return null;
    attempts.password = true;
    return {
      type: 'keyboard-interactive',
      username: input.username,
      prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
    };
  });

  if (input.preferredMethods)
    steps.splice(
      0,
      steps.length,
      ...input.preferredMethods.flatMap((m) => steps.filter((s) => s.method === m)),
    );

  let triedPassword = false;
  const handler: AuthHandlerMiddleware = (methodsLeft, partialSuccess, next) => {
    const allowed = methodsLeft as AuthenticationType[] | null;
    if (allowed === null) {
      // First call: ask with "none", as OpenSSH does, to learn which methods the server takes.
      return next({ type: 'none', username: input.username });
    }
    const advance = async (): Promise<void> => {
      if (triedPassword && !partialSuccess) {
        // The server asked again after our password: it was wrong, so forget it.
        triedPassword = false;
        await input.secrets.reject?.(passwordRequest);
      }
      for (;;) {
        const candidate = steps.shift();
        if (!candidate) return next(false as unknown as AuthenticationType);
        if (!allowed.includes(candidate.method)) continue;
        const method = await candidate.run();
        if (!method) continue;
        triedPassword = method.type === 'password' || method.type === 'keyboard-interactive';
        return next(method);
      }
    };
    advance().catch(() => next(false as unknown as AuthenticationType));
  };
  return { handler, attempts };
}

const PASSPHRASE_TRIES = 3;

function countAgentKeys(agent: OpenSSHAgent): Promise<number | null> {
  return new Promise((resolve) =>
    agent.getIdentities((err, keys) => resolve(err ? null : (keys?.length ?? 0))),
  );
}

async function loadPrivateKey(path: string, input: AuthPlanInput, attempts: AuthAttempts) {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch {
    return null; // default key names that do not exist are normal
  }
  const plain = parsePrivateKey(data);
  if (!(plain instanceof Error)) return plain;
  if (!/encrypted|passphrase/i.test(plain.message)) {
    attempts.skippedKeyFiles.push({ path, why: plain.message });
    return null;
  }
  const request = {
    kind: 'passphrase' as const,
    account: path,
    host: input.host,
    prompt: `Passphrase for ${path}`,
  };
  // A wrong passphrase is forgotten (keychain included) and asked for again, like OpenSSH's
  // NumberOfPasswordPrompts.
  const tries = input.secrets.reject ? PASSPHRASE_TRIES : 1;
  for (let i = 0; i < tries; i++) {
    const passphrase = await input.secrets.get(request);
    if (passphrase === null) {
      attempts.skippedKeyFiles.push({ path, why: 'encrypted, and no passphrase was given' });
      return null;
    }
    const decrypted = parsePrivateKey(data, passphrase);
    if (!(decrypted instanceof Error)) return decrypted;
    await input.secrets.reject?.(request);
  }
  attempts.skippedKeyFiles.push({ path, why: 'the passphrase was wrong' });
  return null;
}

/** `cutShort`: the server closed the login after too many refused keys (its MaxAuthTries). */
export function describeAuthFailure(
  target: string,
  attempts: AuthAttempts,
  {
    cutShort = false,
    certificates = [],
  }: {
    cutShort?: boolean;
    /** User certificates the operator's ssh would present (CertificateFile, `<key>-cert.pub`), not offered here. */
    certificates?: readonly string[];
  } = {},
): string {
  const tried: string[] = [];
  if (attempts.agent) {
    tried.push(
      attempts.agentKeys === null
        ? 'the agent could not be asked for keys'
        : `the agent offered ${attempts.agentKeys} key${attempts.agentKeys === 1 ? '' : 's'}` +
            (attempts.identitiesOnly ? ' (IdentitiesOnly: only those of the identity files)' : ''),
    );
  }
  if (attempts.keyFiles.length > 0) tried.push(`key files ${attempts.keyFiles.join(', ')}`);
  if (attempts.password) tried.push('a password');
  const skipped = attempts.skippedKeyFiles.map((s) => `${s.path} (${s.why})`);
  if (cutShort) {
    return (
      `${target} closed the login after too many refused keys (its MaxAuthTries)` +
      (attempts.agentKeys ? `: the agent offered ${attempts.agentKeys} keys before the key files` : '') +
      ". Add 'IdentitiesOnly yes' to the host's entry in ~/.ssh/config, with the IdentityFile it accepts, so that only that key is offered."
    );
  }
  return (
    `Permission denied for ${target}: ` +
    (tried.length > 0
      ? `${tried.join('; ')}; none was accepted.`
      : 'no key or password was available to try.') +
    (skipped.length > 0 ? ` Skipped: ${skipped.join(', ')}.` : '') +
    (certificates.length > 0
      ? ` ${certificates.join(', ')} ${certificates.length === 1 ? 'is an OpenSSH user certificate' : 'are OpenSSH user certificates'}, which Watchfloor does not present (its SSH library signs in with keys alone): a host that trusts only your certificate authority refuses the key. Add the public key to the host's authorized_keys for Watchfloor to sign in.`
      : " Check that your key is in the agent (ssh-add -l) and in the host's authorized_keys.")
  );
}
