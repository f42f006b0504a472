import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Keychain } from '../engine/credentials/keychain';
import { KeychainSecretSource } from '../engine/credentials/keychain-secret-source';
import type { SecretSource } from '../engine/credentials/secret-source';
import type { HostKeyPrompt } from '../engine/fleet/host-key-guard';
import type { CliIo } from './command';

/** One question at a time on the terminal; answers typed for secrets are not echoed. */
function askOnTerminal(io: CliIo, question: string, secret: boolean): Promise<string | null> {
  const input = io.stdin as NodeJS.ReadStream;
  if (!input.isTTY) return Promise.resolve(null);
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) io.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      if (secret) io.stderr.write('\n');
      resolve(answer);
    });
    muted = secret;
    rl.on('SIGINT', () => {
      rl.close();
      resolve(null);
    });
  });
}

let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

/** The CLI's sources of secrets and host-key decisions: the keychain, then the operator at the terminal. */
export function terminalPrompts(
  io: CliIo,
  keychain: Keychain,
): { secrets: SecretSource; hostKeyPrompt: HostKeyPrompt } {
  const secrets = new KeychainSecretSource(keychain, (request) =>
    serialised(async () => {
      const secret = await askOnTerminal(io, `${request.prompt} (${request.host}): `, true);
      if (!secret) return null;
      const remember = await askOnTerminal(io, 'Remember it in the OS keychain? [y/N] ', false);
      return { secret, remember: /^y(es)?$/i.test(remember ?? '') };
    }),
  );
  const hostKeyPrompt: HostKeyPrompt = (q) =>
    serialised(async () => {
      const where = q.port === 22 ? q.hostName : `[${q.hostName}]:${q.port}`;
      const answer = await askOnTerminal(
        io,
        `The authenticity of host '${where}' (${q.host}) can't be established.\n${q.keyType} key fingerprint is ${q.fingerprint}.\nAre you sure you want to continue connecting (yes/no)? `,
        false,
      );
      return /^yes$/i.test(answer ?? '');
    });
  return { secrets, hostKeyPrompt };
}
