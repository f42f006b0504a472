import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { writeFleetProfile } from '../harness/profiles';
import { canRunSshFleet, startSshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

describe.runIf(harness.ok)('accounts that cannot run the follower (real sshd, ForceCommand)', () => {
  it.each([
    // sshd's own SFTP server ends at once when given a command.
    ['internal-sftp', /ended on the host without a word \(exit status 1\)\./],
    // A command of the account's own that waits and writes nothing.
    ['/bin/cat', /started on the host but has said nothing for 2 s\./],
  ])('ForceCommand %s: says the log is not being read and why it may be', async (command, what) => {
    const fleet = await startSshFleet({ hosts: 1, sshdConfig: [`ForceCommand ${command}`] });
    const engine = new Engine({
      profilesDir: path.join(fleet.root, 'profiles'),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      followerSilenceMs: 2000,
      metricsIntervalSec: 0,
    });
    const diagnostics: { host: string; message: string }[] = [];
    engine.events.on('diagnostic', (d) => diagnostics.push(d));
    try {
      writeFileSync(path.join(fleet.hosts[0].logDir, 'app.log'), '2024-03-01T12:00:00Z INFO up\n');
      const profile = writeFleetProfile(fleet);
      await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
      const said = await waitFor(
        () => diagnostics.find((d) => d.message.includes('app.log: not being read')),
        {
          what: 'the diagnostic of the command that is not the follower',
          timeoutMs: 15_000,
        },
      );
      expect(said.host).toBe(fleet.hosts[0].name);
      expect(said.message).toMatch(what);
      expect(said.message).toMatch(/The account may be limited to SFTP \(ForceCommand internal-sftp\)/);
      // Said once, not at every restart of the follower.
      expect(diagnostics.filter((d) => d.message.includes('not being read'))).toHaveLength(1);
      expect((await engine.getStreamPage({ from: 0, count: 10 })).total).toBe(0);
    } finally {
      engine.dispose();
      await fleet.stop();
    }
  });
});
