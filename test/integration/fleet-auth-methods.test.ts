import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Engine } from '../../src/engine/engine';
import type { SecretSource } from '../../src/engine/credentials/secret-source';
import {
  canRunSshFleet,
  clearPassword,
  ensurePasswordUser,
  startSshFleet,
  type SshFleet,
} from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

/** A user of its own: other suites change their password user's password. */
const USER = 'wf-prefer';
const PASSWORD = `pw-${process.pid}-${Date.now()}`;

describe.runIf(harness.ok)('PreferredAuthentications in ~/.ssh/config (real sshd)', () => {
  let fleet: SshFleet;

  beforeAll(async () => {
    await ensurePasswordUser(USER, PASSWORD);
    // The user may log in with the agent's key or with its password.
    fleet = await startSshFleet({
      hosts: 1,
      sshdConfig: [`AllowUsers ${USER}`, `Match User ${USER}`, '  PasswordAuthentication yes'],
    });
    const host = fleet.hosts[0];
    writeFileSync(path.join(host.logDir, 'app.log'), '2024-03-01T12:00:00Z INFO logged in\n');
    const config = path.join(fleet.home, '.ssh', 'config');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(
        `Host ${host.name}\n`,
        `Host ${host.name}\n  PreferredAuthentications password\n`,
      ),
    );
    const dir = path.join(fleet.root, 'profiles');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'auth.yaml'),
      stringify({
        name: 'auth',
        environments: [
          {
            name: 'test',
            hosts: [{ name: host.name, address: host.name, user: USER }],
            applications: [
              { name: 'app', hosts: [host.name], logs: [{ path: path.join(fleet.viewDir, 'app.log') }] },
            ],
          },
        ],
      }),
    );
  });

  afterAll(async () => {
    await fleet?.stop();
    await clearPassword(USER).catch(() => undefined);
  });

  it('logs in by password, not with the key the agent holds, when the host block prefers it', async () => {
    const asked: string[] = [];
    const secrets: SecretSource = {
      get: async (request) => {
        asked.push(request.kind);
        return request.kind === 'password' ? PASSWORD : null;
      },
    };
    const engine = new Engine({
      profilesDir: path.join(fleet.root, 'profiles'),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      secrets,
    });
    try {
      await engine.connect({ profileFile: 'auth.yaml', environment: 'test' });
      await waitFor(async () => (await engine.getStreamPage({ from: 0, count: 1 })).total > 0, {
        what: 'the line, once logged in',
      });
      const log = readFileSync(fleet.hosts[0].sshdLog, 'utf8');
      expect(log).toContain(`Accepted password for ${USER}`);
      expect(log).not.toContain(`Accepted publickey for ${USER}`);
      expect(asked).toEqual(['password']);
    } finally {
      engine.dispose();
    }
  });
});
