import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import type { HostStatus } from '../../src/shared/types';
import { hostSettled } from '../harness/host-settled';
import { writeFleetProfile } from '../harness/profiles';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

/**
 * An old host that speaks only retired algorithms (a key exchange and a cipher no client offers by
 * default any more): the operator allows them for that host in ~/.ssh/config, as for ssh.
 */
describe.runIf(harness.ok)('a host that speaks only retired algorithms (real sshd)', () => {
  let fleet: SshFleet;
  let profile: string;
  let sshConfig: string;
  let engine: Engine | null = null;

  beforeAll(async () => {
    fleet = await startSshFleet({
      hosts: 1,
      sshdConfig: ['KexAlgorithms diffie-hellman-group14-sha1', 'Ciphers aes128-cbc'],
    });
    sshConfig = path.join(fleet.home, '.ssh', 'config');
    writeFileSync(
      path.join(fleet.hosts[0].logDir, 'app.log'),
      `${new Date().toISOString()} INFO old host up\n`,
    );
    profile = writeFleetProfile(fleet);
  });

  afterEach(() => {
    engine?.dispose();
    engine = null;
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  let diagnostics: { host: string; message: string; at: number }[] = [];
  let startedAt = NaN;

  async function settle(): Promise<HostStatus> {
    engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      backoff: { initialMs: 60_000, maxMs: 60_000, jitter: 0 },
    });
    diagnostics = [];
    engine.events.on('diagnostic', (d) => diagnostics.push(d));
    ({ startedAt } = await engine.connect({ profileFile: path.basename(profile), environment: 'test' }));
    return hostSettled(engine);
  }

  it('names the key exchange the host offers and the line that allows it, without retrying', async () => {
    const host = fleet.hosts[0];
    const status = await settle();
    expect(status.state).toBe('failed');
    expect(status.reason).toBe(
      `${host.address}:${host.port} (${host.name}) offers only the key exchange algorithms diffie-hellman-group14-sha1, ` +
        'none of which Watchfloor offered. If you accept diffie-hellman-group14-sha1 for this host, allow it in ' +
        '~/.ssh/config as for ssh: KexAlgorithms +diffie-hellman-group14-sha1',
    );
  });

  it('then names the cipher, and connects once ~/.ssh/config allows both', async () => {
    const host = fleet.hosts[0];
    appendFileSync(sshConfig, `\nHost ${host.name}\n  KexAlgorithms +diffie-hellman-group14-sha1\n`);
    const cipherMissing = await settle();
    expect(cipherMissing.reason).toContain('offers only the ciphers aes128-cbc');
    expect(cipherMissing.reason).toContain('Ciphers +aes128-cbc');
    engine!.dispose();
    appendFileSync(sshConfig, '  Ciphers +aes128-cbc\n  VerifyHostKeyDNS yes\n');
    expect((await settle()).state).toBe('live');
    // What ssh would do and Watchfloor does not is said in the host's diagnostics, as the session's own
    // (the workbench keeps a new session's diagnostics from its start on).
    const noted = diagnostics.find(
      (d) =>
        d.host === host.name &&
        /line \d+: VerifyHostKeyDNS is not applied: host keys are checked against known_hosts only/.test(
          d.message,
        ),
    );
    expect(noted?.at).toBeGreaterThanOrEqual(startedAt);
    const rows = await waitFor(
      async () => {
        const page = await engine!.getStreamPage({ from: 0, count: 10 });
        return page.rows.some((r) => r.message.includes('old host up')) ? page.rows : null;
      },
      { what: 'the old host line' },
    );
    expect(rows.length).toBeGreaterThan(0);
  });
});
