import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE, systemKeychain, type Keychain } from '../../src/engine/credentials/keychain';
import { Engine } from '../../src/engine/engine';
import type { PromptRequest } from '../../src/shared/api';
import type { HostStatus } from '../../src/shared/types';
import { canRunKeyring, startKeyring, type TestKeyring } from '../harness/keyring';
import { run } from '../harness/processes';
import {
  canRunSshFleet,
  clearPassword,
  ensurePasswordUser,
  startSshFleet,
  type SshFleet,
  type TestHost,
} from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
const keyring = canRunKeyring();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);
else if (!keyring.ok) console.warn(`[skip] ${keyring.why}`);

type Keytar = typeof import('keytar');

const PASSWORD_USER = 'wf-pass';
const PASSPHRASE = 'correct horse battery staple';
const PASSWORD = `pw-${process.pid}-${Date.now()}`;

/** The system keychain (keytar on the test's Secret Service), counting what the engine asks of it. */
function countingKeychain(inner: Keychain): Keychain & { gets: string[] } {
  const gets: string[] = [];
  return {
    gets,
    get: (account) => {
      gets.push(account);
      return inner.get(account);
    },
    set: (account, secret) => inner.set(account, secret),
    delete: (account) => inner.delete(account),
  };
}

/**
 * One sshd host with a real Secret Service (gnome-keyring-daemon on a private D-Bus): the client key is
 * encrypted and no agent runs, and a second user logs in with a password only.
 */
describe.runIf(harness.ok && keyring.ok)(
  'credentials from the OS keychain (real Secret Service, real sshd)',
  () => {
    let secretService: TestKeyring | undefined;
    let keytar: Keytar;
    let fleet: SshFleet | undefined;
    let host: TestHost;
    let passphraseAccount: string;
    let passwordAccount: string;
    let knownHostsFile: string;
    let knownHostsText: string;
    let engine: Engine | null = null;
    let keychain: ReturnType<typeof countingKeychain>;
    /** Every event the engine emitted, serialised: secrets must never appear in it. */
    let emitted: string[] = [];
    let prompts: PromptRequest[][] = [];

    beforeAll(async () => {
      secretService = await startKeyring();
      // Before keytar's first use: libsecret connects to the session bus named here.
      secretService.useInThisProcess();
      const module = (await import('keytar')) as Keytar & { default?: Keytar };
      keytar = module.default ?? module;

      await ensurePasswordUser(PASSWORD_USER, PASSWORD);
      fleet = await startSshFleet({
        hosts: ['db-1'],
        agent: false,
        sshdConfig: [
          `AllowUsers ${PASSWORD_USER}`,
          `Match User ${PASSWORD_USER}`,
          '  PasswordAuthentication yes',
          '  AuthenticationMethods password',
        ],
      });
      host = fleet.hosts[0];
      // The fleet's client key, encrypted in place: no agent holds it, so only its passphrase unlocks it.
      await run('ssh-keygen', ['-p', '-q', '-P', '', '-N', PASSPHRASE, '-f', fleet.clientKeyFile]);
      passphraseAccount = `passphrase:${fleet.clientKeyFile}`;
      passwordAccount = `password:${PASSWORD_USER}@${host.address}:${host.port}`;
      knownHostsFile = path.join(fleet.home, '.ssh', 'known_hosts');
      knownHostsText = readFileSync(knownHostsFile, 'utf8');
      writeFileSync(
        path.join(host.logDir, 'app.log'),
        Array.from({ length: 3 }, (_, i) => `${new Date().toISOString()} INFO db line ${i}\n`).join(''),
      );
    });

    beforeEach(async () => {
      await keytar.deletePassword(KEYCHAIN_SERVICE, passphraseAccount);
      await keytar.deletePassword(KEYCHAIN_SERVICE, passwordAccount);
      writeFileSync(knownHostsFile, knownHostsText);
      emitted = [];
      prompts = [];
    });

    afterEach(() => {
      engine?.dispose();
      engine = null;
      const all = emitted.join('\n');
      expect(all).not.toContain(PASSPHRASE);
      expect(all).not.toContain(PASSWORD);
    });

    afterAll(async () => {
      try {
        await fleet?.stop();
        await clearPassword(PASSWORD_USER);
      } finally {
        await secretService?.stop();
      }
    });

    async function connect(profileHost: Record<string, unknown>, name: string): Promise<Engine> {
      const dir = path.join(fleet!.root, 'profiles');
      mkdirSync(dir, { recursive: true });
      const profile = {
        name,
        environments: [
          {
            name: 'test',
            hosts: [profileHost],
            applications: [
              {
                name: 'app',
                hosts: [profileHost.name],
                logs: [{ path: path.join(fleet!.viewDir, 'app.log'), format: 'auto' }],
              },
            ],
          },
        ],
      };
      writeFileSync(path.join(dir, `${name}.yaml`), stringify(profile));
      keychain = countingKeychain(systemKeychain((why) => emitted.push(`keychain unavailable: ${why}`)));
      engine = new Engine({
        profilesDir: dir,
        home: fleet!.home,
        keychain,
        backoff: { initialMs: 200, maxMs: 1000, jitter: 0.2 },
      });
      for (const name of ['prompts', 'hostStatus', 'session', 'streamDelta'] as const)
        engine.events.on(name, (payload) => emitted.push(JSON.stringify(payload)));
      engine.events.on('prompts', (open) => prompts.push(open));
      await engine.connect({ profileFile: `${name}.yaml`, environment: 'test' });
      return engine;
    }

    async function waitForState(name: string, state: HostStatus['state']): Promise<HostStatus> {
      return waitFor(
        async () => {
          const status = (await engine!.getSession())?.hosts.find((h) => h.host === name);
          return status?.state === state ? status : null;
        },
        { what: `${name} ${state}`, timeoutMs: 30_000 },
      );
    }

    async function waitForLines(name: string): Promise<void> {
      await waitFor(
        async () =>
          (await engine!.getStreamPage({ from: 0, count: 100 })).rows.filter(
            (r) => r.host === name && !r.marker,
          ).length >= 3,
        { what: `lines from ${name}` },
      );
    }

    function openPrompt(kind: PromptRequest['kind']): Promise<PromptRequest> {
      return waitFor(() => prompts.at(-1)?.find((p) => p.kind === kind), { what: `a ${kind} prompt` });
    }

    it('unlocks an encrypted key with the passphrase stored in the keychain, asking nobody', async () => {
      await keytar.setPassword(KEYCHAIN_SERVICE, passphraseAccount, PASSPHRASE);
      await connect({ name: 'db-1', address: 'db-1' }, 'stored-passphrase');
      await waitForState('db-1', 'live');
      await waitForLines('db-1');
      expect(keychain.gets).toContain(passphraseAccount);
      expect(prompts.flat()).toEqual([]);
    });

    it('asks for a passphrase it does not have, and remembers it in the keychain when told to', async () => {
      await connect({ name: 'db-1', address: 'db-1' }, 'asked-passphrase');
      const prompt = await openPrompt('passphrase');
      expect(prompt).toMatchObject({ kind: 'passphrase', host: 'db-1', canRemember: true });
      expect(prompt.message).toContain(fleet!.clientKeyFile);
      expect(
        await engine!.answerPrompt({ id: prompt.id, accept: true, secret: PASSPHRASE, remember: true }),
      ).toBe(true);
      await waitForState('db-1', 'live');
      await waitForLines('db-1');
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, passphraseAccount)).toBe(PASSPHRASE);
      expect(prompts.flat().map((p) => p.kind)).toEqual(['passphrase']);
    });

    it('removes a wrong passphrase from the keychain and asks for the right one', async () => {
      await keytar.setPassword(KEYCHAIN_SERVICE, passphraseAccount, 'not the passphrase');
      await connect({ name: 'db-1', address: 'db-1' }, 'wrong-passphrase');
      const prompt = await openPrompt('passphrase');
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, passphraseAccount)).toBeNull();
      await engine!.answerPrompt({ id: prompt.id, accept: true, secret: PASSPHRASE, remember: false });
      await waitForState('db-1', 'live');
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, passphraseAccount)).toBeNull();
    });

    it('logs in with a password from the keychain, asking nobody', async () => {
      await keytar.setPassword(KEYCHAIN_SERVICE, passwordAccount, PASSWORD);
      const before = statSync(host.sshdLog).size;
      await connect({ name: 'db-1', address: 'db-1', user: PASSWORD_USER }, 'stored-password');
      await waitForState('db-1', 'live');
      await waitForLines('db-1');
      expect(prompts.flat()).toEqual([]);
      expect(keychain.gets).toContain(passwordAccount);
      expect(readFileSync(host.sshdLog).subarray(before).toString()).toContain(
        `Accepted password for ${PASSWORD_USER}`,
      );
    });

    it('removes a wrong password from the keychain and explains the refusal', async () => {
      await keytar.setPassword(KEYCHAIN_SERVICE, passwordAccount, 'not the password');
      await connect({ name: 'db-1', address: 'db-1', user: PASSWORD_USER }, 'wrong-password');
      const failed = await waitForState('db-1', 'failed');
      expect(failed.reason).toContain(`Permission denied for ${PASSWORD_USER}@${host.address}:${host.port}`);
      expect(failed.reason).toContain('a password');
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, passwordAccount)).toBeNull();
    });

    it('refuses a changed host key on a password host without asking for or sending the password', async () => {
      await keytar.setPassword(KEYCHAIN_SERVICE, passwordAccount, PASSWORD);
      const other = path.join(fleet!.root, 'other-host-key');
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
      const otherKey = readFileSync(`${other}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
      writeFileSync(knownHostsFile, knownHostsText.replace(host.hostPublicKey, otherKey));
      const before = statSync(host.sshdLog).size;

      await connect({ name: 'db-1', address: 'db-1', user: PASSWORD_USER }, 'changed-key');
      const failed = await waitForState('db-1', 'failed');
      expect(failed.reason).toContain('CHANGED');
      expect(failed.reason).toContain(`[${host.address}]:${host.port} (db-1)`);
      expect(keychain.gets).toEqual([]);
      expect(prompts.flat()).toEqual([]);
      const connection = await waitFor(
        () => /Connection from \S+ port (\d+)/.exec(readFileSync(host.sshdLog).subarray(before).toString()),
        { what: 'sshd to log the connection' },
      );
      // Everything sshd logged about that connection, once it logged its end (earlier sessions may still
      // be logging their close).
      const linesOfConnection = () =>
        readFileSync(host.sshdLog)
          .subarray(before)
          .toString()
          .split('\n')
          .filter((l) => l.includes(`port ${connection[1]}`));
      const lines = await waitFor(
        () => {
          const mine = linesOfConnection();
          return mine.some((l) => /Disconnected from|Connection closed/.test(l)) ? mine : null;
        },
        { what: 'sshd to log the end of that connection' },
      );
      expect(lines.join('\n')).toMatch(/Disconnected from .* \[preauth\]/);
      expect(lines.filter((l) => /Accepted|Failed|Postponed|authenticating user|password/.test(l))).toEqual(
        [],
      );
    });
  },
);
