import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostStatus } from '../../src/shared/types';
import { Engine } from '../../src/engine/engine';
import { writeFleetProfile } from '../harness/profiles';
import { run } from '../harness/processes';
import { canRunSshFleet, startSshFleet, TEST_USER, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

/**
 * A host that trusts a user certificate authority, and a key that only its certificate makes acceptable
 * (the key is in no authorized_keys): OpenSSH's own client signs in with the certificate; Watchfloor,
 * whose SSH library presents keys alone, must say that this is why it was refused.
 */
describe.runIf(harness.ok)('a host that accepts only a user certificate', () => {
  let caDir: string;
  let fleet: SshFleet;
  let certifiedKey: string;
  let profile: string;

  beforeAll(async () => {
    caDir = mkdtempSync(path.join(tmpdir(), 'wf-user-ca-'));
    const ca = path.join(caDir, 'user-ca');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'user-ca', '-f', ca]);
    fleet = await startSshFleet({ hosts: 1, agent: false, sshdConfig: [`TrustedUserCAKeys ${ca}.pub`] });
    certifiedKey = path.join(fleet.home, '.ssh', 'id_certified');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', certifiedKey]);
    await run('ssh-keygen', ['-q', '-s', ca, '-I', 'operator', '-n', TEST_USER, `${certifiedKey}.pub`]);
    const config = path.join(fleet.home, '.ssh', 'config');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(
        `IdentityFile ${fleet.clientKeyFile}`,
        `IdentityFile ${certifiedKey}\n  IdentitiesOnly yes`,
      ),
    );
    profile = writeFleetProfile(fleet, { files: ['app.log'] });
  });

  afterAll(async () => {
    await fleet?.stop();
    if (caDir) rmSync(caDir, { recursive: true, force: true });
  });

  it('is reached by OpenSSH with the certificate, and refused to Watchfloor with the certificate named', async () => {
    const host = fleet.hosts[0];
    const openSsh = await run(
      'ssh',
      [
        '-F',
        path.join(fleet.home, '.ssh', 'config'),
        // ssh reads ~ from the password database, not HOME.
        '-o',
        `UserKnownHostsFile=${path.join(fleet.home, '.ssh', 'known_hosts')}`,
        '-o',
        'BatchMode=yes',
        host.name,
        'echo',
        'certified',
      ],
      { env: fleet.env() },
    );
    expect(openSsh.trim()).toBe('certified');

    const engine = new Engine({ profilesDir: path.dirname(profile), home: fleet.home });
    try {
      await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
      const failed = await waitFor(
        async () => {
          const status = (await engine.getSession())?.hosts.find((h: HostStatus) => h.host === host.name);
          return status?.state === 'failed' ? status : null;
        },
        { what: `${host.name} failed`, timeoutMs: 30_000 },
      );
      expect(failed.reason).toContain(`Permission denied for ${TEST_USER}@${host.address}:${host.port}`);
      expect(failed.reason).toContain(`key files ${certifiedKey}`);
      expect(failed.reason).toContain(`${certifiedKey}-cert.pub is an OpenSSH user certificate`);
      expect(failed.reason).toContain("Add the public key to the host's authorized_keys");
    } finally {
      engine.dispose();
    }
  });
});
