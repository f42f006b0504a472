import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Engine } from '../../src/engine/engine';
import type { HostLookup } from '../../src/engine/fleet/host-canonicalizer';
import { canRunSshFleet, startSshFleet, TEST_USER, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

describe.runIf(harness.ok)('hosts named by short names that ~/.ssh/config canonicalizes (real sshd)', () => {
  let fleet: SshFleet;
  /** The names a test zone resolves: the canonical name to the host's sshd address. */
  let lookup: HostLookup & { asked: string[] };

  const profileFor = (name: string, address: string) => {
    const dir = path.join(fleet.root, `profiles-${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'canon.yaml'),
      stringify({
        name: 'canon',
        environments: [
          {
            name: 'test',
            hosts: [{ name, address }],
            applications: [
              { name: 'shop', hosts: [name], logs: [{ path: path.join(fleet.viewDir, 'app.log') }] },
            ],
          },
        ],
      }),
    );
    return dir;
  };

  beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 1 });
    const host = fleet.hosts[0];
    writeFileSync(
      path.join(host.logDir, 'app.log'),
      '2024-03-01T12:00:00Z INFO reached by its canonical name\n',
    );
    // Only the canonical name's block says where and as whom: without canonicalization the short name
    // would be tried on port 22 as the local user, and fail.
    const sshDir = path.join(fleet.home, '.ssh');
    writeFileSync(
      path.join(sshDir, 'config'),
      [
        'CanonicalizeHostname yes',
        'CanonicalDomains nowhere.test corp.test',
        'Host *.corp.test',
        `  Port ${host.port}`,
        `  User ${TEST_USER}`,
        `  IdentityFile ${fleet.clientKeyFile}`,
        'Host strict',
        '  CanonicalizeFallbackLocal no',
        '',
      ].join('\n'),
    );
    // The host key is known under the canonical name, as ssh looks it up.
    appendFileSync(path.join(sshDir, 'known_hosts'), `[shop.corp.test]:${host.port} ${host.hostPublicKey}\n`);
    const names: Record<string, string> = { 'shop.corp.test': host.address };
    const asked: string[] = [];
    lookup = Object.assign(
      async (name: string) => {
        asked.push(name);
        if (names[name] === undefined) throw new Error(`getaddrinfo ENOTFOUND ${name}`);
        return names[name];
      },
      { asked },
    );
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  /** An engine for a profile of one host named and addressed `name`, resolving names in the test zone. */
  const engineFor = (name: string) =>
    new Engine({
      profilesDir: profileFor(name, name),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      lookup,
    });

  it('connects to the full name the first resolving domain makes, with the settings written for it', async () => {
    const engine = engineFor('shop');
    try {
      await engine.connect({ profileFile: 'canon.yaml', environment: 'test' });
      const rows = await waitFor(
        async () => {
          const page = await engine.getStreamPage({ from: 0, count: 10 });
          return page.rows.length > 0 ? page.rows : null;
        },
        { what: 'the line read through the canonical name' },
      );
      expect(rows.map((r) => r.message)).toEqual(['2024-03-01T12:00:00Z INFO reached by its canonical name']);
      expect(lookup.asked.slice(0, 2)).toEqual(['shop.nowhere.test', 'shop.corp.test']);
    } finally {
      engine.dispose();
    }
  });

  it('fails the host, naming the line, when no domain completes the name and CanonicalizeFallbackLocal is no', async () => {
    const engine = engineFor('strict');
    try {
      await engine.connect({ profileFile: 'canon.yaml', environment: 'test' });
      const failed = await waitFor(
        async () =>
          (await engine.getSession())?.hosts.find((h) => h.host === 'strict' && h.state === 'failed'),
        { what: 'the host failed' },
      );
      expect(failed.reason).toBe(
        `strict: ${path.join(fleet.home, '.ssh', 'config')} line 1: CanonicalizeHostname could not make a full name of "strict": tried strict.nowhere.test, strict.corp.test, and CanonicalizeFallbackLocal is no`,
      );
    } finally {
      engine.dispose();
    }
  });
});
