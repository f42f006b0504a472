import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { noSecrets } from '../../../src/engine/credentials/secret-source';
import { HostKeyGuard } from '../../../src/engine/fleet/host-key-guard';
import { resolveSshHost } from '../../../src/engine/fleet/ssh-config-resolver';
import { FatalConnectError, sshHandshake } from '../../../src/engine/fleet/ssh-handshake';

describe('sshHandshake', () => {
  const homes: string[] = [];
  afterEach(() => homes.splice(0).forEach((home) => rmSync(home, { recursive: true, force: true })));

  it('closes the stream through the jump host when ~/.ssh/config leaves no algorithm to offer', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'watchfloor-handshake-'));
    homes.push(home);
    const host = resolveSshHost('old-appliance', {
      home,
      localUser: 'oncall',
      configText: 'Host old-appliance\n  HostName 10.0.0.9\n  KexAlgorithms -*\n',
    });
    const throughJump = new PassThrough();
    const handshake = sshHandshake(
      host,
      { sock: throughJump, reopen: () => Promise.reject(new Error('no second stream is needed')) },
      'old-appliance',
      { hostKeys: new HostKeyGuard(), secrets: noSecrets },
    );
    await expect(handshake).rejects.toThrow(FatalConnectError);
    await expect(handshake).rejects.toThrow(/KexAlgorithms/);
    expect(throughJump.destroyed).toBe(true);
  });
});
