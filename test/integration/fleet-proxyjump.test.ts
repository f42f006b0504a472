import { appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Keychain } from '../../src/engine/credentials/keychain';
import { Engine } from '../../src/engine/engine';
import type { PromptRequest } from '../../src/shared/api';
import type { HostStatus } from '../../src/shared/types';
import { canUseNetns, createNamespaceChain, tcpConnectFailure, type NamespaceChain } from '../harness/netns';
import { certifyHostKey } from '../harness/host-ca';
import { run } from '../harness/processes';
import { canRunSshFleet, startSshFleet, TEST_USER, type SshFleet, type TestHost } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
const netns = canUseNetns();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);
else if (!netns.ok) console.warn(`[skip] ${netns.why}`);

const noKeychain: Keychain = {
  get: async () => null,
  set: async () => undefined,
  delete: async () => undefined,
};

/** Bytes a host's sshd log grew by since `offset`. */
function sshdLogSince(host: TestHost, offset: number): string {
  return readFileSync(host.sshdLog).subarray(offset).toString('utf8');
}

function sshdLogSize(host: TestHost): number {
  return statSync(host.sshdLog).size;
}

/**
 * root ── bastion ── target ── deep: the target answers only the bastion, the deep host only the target.
 * ~/.ssh/config says `Host target / ProxyJump bastion` and `Host deep / ProxyJump target`.
 */
describe.runIf(harness.ok && netns.ok)('ProxyJump through a bastion to hosts only it can reach', () => {
  let chain: NamespaceChain | undefined;
  let fleet: SshFleet | undefined;
  let bastion: TestHost;
  let target: TestHost;
  let deep: TestHost;
  let knownHostsFile: string;
  let knownHostsText: string;
  let engine: Engine | null = null;
  let prompts: PromptRequest[][] = [];

  beforeAll(async () => {
    chain = await createNamespaceChain(['bastion', 'target', 'deep']);
    const [a, b, c] = chain.namespaces;
    fleet = await startSshFleet({
      hosts: ['bastion', 'target', 'deep'],
      placement: {
        bastion: { netns: a.name, address: a.address },
        target: { netns: b.name, address: b.address },
        deep: { netns: c.name, address: c.address },
      },
    });
    [bastion, target, deep] = fleet.hosts;
    knownHostsFile = path.join(fleet.home, '.ssh', 'known_hosts');
    const configFile = path.join(fleet.home, '.ssh', 'config');
    appendFileSync(
      configFile,
      [
        '',
        'Host target',
        '  ProxyJump bastion',
        '',
        'Host deep',
        '  ProxyJump target',
        '',
        // OpenSSH's own client carries the connection: the usual ProxyCommand of a bastion setup.
        'Host target-via-command',
        `  HostName ${target.address}`,
        `  Port ${target.port}`,
        `  User ${TEST_USER}`,
        `  ProxyCommand ssh -F ${configFile} -o UserKnownHostsFile=${knownHostsFile} -o BatchMode=yes -W %h:%p bastion`,
        '',
        'Host broken-command',
        '  HostName 127.0.0.1',
        '  ProxyCommand sh -c "echo no route to %h:%p >&2; exit 3"',
        '',
      ].join('\n'),
    );
    knownHostsText = readFileSync(knownHostsFile, 'utf8');
    for (const host of [target, deep]) {
      writeFileSync(
        path.join(host.logDir, 'app.log'),
        Array.from({ length: 5 }, (_, i) => `${new Date().toISOString()} INFO ${host.name} line ${i}\n`).join(
          '',
        ),
      );
    }
  });

  beforeEach(() => {
    writeFileSync(knownHostsFile, knownHostsText);
    prompts = [];
  });

  afterEach(() => {
    engine?.dispose();
    engine = null;
  });

  afterAll(async () => {
    try {
      await fleet?.stop();
    } finally {
      await chain?.remove();
    }
  });

  async function connect(hosts: Array<Record<string, unknown>>, name: string): Promise<Engine> {
    const dir = path.join(fleet!.root, 'profiles');
    mkdirSync(dir, { recursive: true });
    const profile = {
      name,
      environments: [
        {
          name: 'test',
          hosts,
          applications: [
            {
              name: 'app',
              hosts: hosts.map((h) => h.name),
              logs: [{ path: path.join(fleet!.viewDir, 'app.log'), format: 'auto' }],
            },
          ],
        },
      ],
    };
    writeFileSync(path.join(dir, `${name}.yaml`), stringify(profile));
    engine = new Engine({
      profilesDir: dir,
      home: fleet!.home,
      agentSocket: fleet!.agentSocket,
      keychain: noKeychain,
      backoff: { initialMs: 200, maxMs: 1000, jitter: 0.2 },
    });
    engine.events.on('prompts', (open) => prompts.push(open));
    await engine.connect({ profileFile: `${name}.yaml`, environment: 'test' });
    return engine;
  }

  async function statusOf(host: string): Promise<HostStatus | undefined> {
    return (await engine!.getSession())?.hosts.find((h) => h.host === host);
  }

  async function waitForState(host: string, state: HostStatus['state']): Promise<HostStatus> {
    return waitFor(
      async () => {
        const status = await statusOf(host);
        return status?.state === state ? status : null;
      },
      { what: `${host} ${state}`, timeoutMs: 30_000 },
    );
  }

  async function waitForLines(host: string, count: number): Promise<string[]> {
    return waitFor(
      async () => {
        const rows = (await engine!.getStreamPage({ from: 0, count: 2000 })).rows;
        const lines = rows.filter((r) => r.host === host && !r.marker).map((r) => r.message);
        return lines.length >= count ? lines : null;
      },
      { what: `${count} lines from ${host}`, timeoutMs: 30_000 },
    );
  }

  /** Replaces a host's known_hosts entry with another key of the same type. */
  async function changeKnownKey(host: TestHost): Promise<void> {
    const other = path.join(fleet!.root, `other-key-${host.name}-${Date.now()}`);
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const otherKey = readFileSync(`${other}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
    writeFileSync(knownHostsFile, knownHostsText.replace(host.hostPublicKey, otherKey));
  }

  function removeKnownKey(host: TestHost): void {
    writeFileSync(
      knownHostsFile,
      knownHostsText
        .split('\n')
        .filter((l) => !l.includes(host.hostPublicKey))
        .join('\n'),
    );
  }

  it('the target and the deep host cannot be reached from the root namespace; the bastion can', async () => {
    const logs = [target, deep].map(sshdLogSize);
    expect(await tcpConnectFailure(bastion.address, bastion.port)).toBeNull();
    expect(await tcpConnectFailure(target.address, target.port)).toBe('EHOSTUNREACH');
    expect(await tcpConnectFailure(deep.address, deep.port)).toBe('EHOSTUNREACH');
    expect(sshdLogSince(target, logs[0])).not.toContain('Connection from');
    expect(sshdLogSince(deep, logs[1])).not.toContain('Connection from');
  });

  it('tails a log on the target through the bastion (ProxyJump in ~/.ssh/config)', async () => {
    const before = sshdLogSize(target);
    await connect([{ name: 'target', address: 'target' }], 'config-jump');
    await waitForState('target', 'live');
    const lines = await waitForLines('target', 5);
    expect(lines).toEqual(expect.arrayContaining([expect.stringContaining('target line 4')]));
    // The target saw the connection come from the bastion's side of their link, not from this namespace.
    expect(sshdLogSince(target, before)).toContain(`Connection from ${chain!.namespaces[1].peerAddress}`);
  });

  it("tails a log on the target through the profile's own `jump`", async () => {
    await connect(
      [
        {
          name: 'target-direct',
          address: target.address,
          port: target.port,
          user: TEST_USER,
          jump: 'bastion',
        },
      ],
      'profile-jump',
    );
    await waitForState('target-direct', 'live');
    expect(await waitForLines('target-direct', 5)).toEqual(
      expect.arrayContaining([expect.stringContaining('target line 0')]),
    );
  });

  it('tails a log two hops away: nested ProxyJump in ~/.ssh/config, and a hop list in the profile', async () => {
    const before = sshdLogSize(deep);
    const bastionBefore = sshdLogSize(bastion);
    const targetBefore = sshdLogSize(target);
    await connect(
      [
        { name: 'deep', address: 'deep' },
        {
          name: 'deep-listed',
          address: deep.address,
          port: deep.port,
          user: TEST_USER,
          jump: 'bastion,target',
        },
      ],
      'two-hops',
    );
    await waitForState('deep', 'live');
    await waitForState('deep-listed', 'live');
    for (const name of ['deep', 'deep-listed'])
      expect(await waitForLines(name, 5)).toEqual(
        expect.arrayContaining([expect.stringContaining('deep line 4')]),
      );
    expect(sshdLogSince(deep, before)).toContain(`Connection from ${chain!.namespaces[2].peerAddress}`);
    // Both hosts sit behind the same chain: one login on each jump host, shared (ControlMaster-style).
    const logins = (log: string) => log.match(/Accepted publickey/g)?.length ?? 0;
    expect(logins(sshdLogSince(bastion, bastionBefore))).toBe(1);
    expect(logins(sshdLogSince(target, targetBefore))).toBe(1);
    expect(logins(sshdLogSince(deep, before))).toBe(2);
  });

  it('connects through a ProxyCommand in ~/.ssh/config, and names why a failing one failed', async () => {
    const before = sshdLogSize(target);
    await connect(
      [
        { name: 'via-command', address: 'target-via-command' },
        { name: 'broken', address: 'broken-command' },
      ],
      'proxy-command',
    );
    await waitForState('via-command', 'live');
    expect(await waitForLines('via-command', 5)).toEqual(
      expect.arrayContaining([expect.stringContaining('target line 4')]),
    );
    expect(sshdLogSince(target, before)).toContain(`Connection from ${chain!.namespaces[1].peerAddress}`);
    const broken = await waitFor(
      async () => {
        const status = await statusOf('broken');
        return status?.reason?.includes('ProxyCommand') ? status : null;
      },
      { what: 'the failing ProxyCommand to be reported', timeoutMs: 30_000 },
    );
    expect(broken.state).not.toBe('live');
    expect(broken.reason).toContain('exited with status 3: no route to 127.0.0.1:22');
  });

  it('refuses a changed bastion key before anything reaches the target', async () => {
    await changeKnownKey(bastion);
    const targetLog = sshdLogSize(target);
    const bastionLog = sshdLogSize(bastion);
    await connect([{ name: 'target', address: 'target' }], 'bastion-changed');
    const failed = await waitForState('target', 'failed');
    expect(failed.reason).toContain('CHANGED');
    expect(failed.reason).toContain(`[${bastion.address}]:${bastion.port}`);
    expect(sshdLogSince(target, targetLog)).not.toContain('Connection from');
    expect(sshdLogSince(bastion, bastionLog)).not.toMatch(/Accepted|Failed|Postponed/);
    expect(prompts.flat()).toEqual([]);
  });

  it('asks about an unknown bastion key (not the target), and a declined key reaches nothing behind it', async () => {
    removeKnownKey(bastion);
    const targetLog = sshdLogSize(target);
    await connect([{ name: 'target', address: 'target' }], 'bastion-unknown');
    const open = await waitFor(() => prompts.flat().find((p) => p.kind === 'hostKey'), {
      what: 'a host key prompt',
    });
    expect(open.message).toContain(`[${bastion.address}]:${bastion.port}`);
    expect(open.fingerprint).toBe(await sshKeygenFingerprint(bastion));
    expect(await engine!.answerPrompt({ id: open.id, accept: false })).toBe(true);
    const failed = await waitForState('target', 'failed');
    expect(failed.reason).toContain('not accepted');
    expect(sshdLogSince(target, targetLog)).not.toContain('Connection from');
    expect(readFileSync(knownHostsFile, 'utf8')).not.toContain(bastion.hostPublicKey);
  });

  it('refuses a changed target key with the CHANGED message naming the target, before authentication', async () => {
    await changeKnownKey(target);
    const targetLog = sshdLogSize(target);
    await connect([{ name: 'target', address: 'target' }], 'target-changed');
    const failed = await waitForState('target', 'failed');
    expect(failed.reason).toContain('CHANGED');
    expect(failed.reason).toContain(`[${target.address}]:${target.port} (target)`);
    // The bastion hop was trusted and the target was reached, but nothing was offered to it.
    await waitFor(() => sshdLogSince(target, targetLog).includes('Connection from'), {
      what: 'the target to log the connection',
    });
    expect(sshdLogSince(target, targetLog)).not.toMatch(/Accepted|Failed|Postponed/);
  });

  it('asks about an unknown target key with its SHA256 fingerprint; accepting goes live and remembers it', async () => {
    removeKnownKey(target);
    await connect([{ name: 'target', address: 'target' }], 'target-unknown');
    const open = await waitFor(() => prompts.flat().find((p) => p.kind === 'hostKey'), {
      what: 'a host key prompt',
    });
    expect(open.host).toBe('target');
    expect(open.keyType).toBe('ssh-ed25519');
    expect(open.fingerprint).toBe(await sshKeygenFingerprint(target));
    expect(open.message).toContain(`[${target.address}]:${target.port}`);
    expect(await engine!.answerPrompt({ id: open.id, accept: true, remember: true })).toBe(true);
    await waitForState('target', 'live');
    await waitForLines('target', 5);
    const found = await run('ssh-keygen', ['-F', `[${target.address}]:${target.port}`, '-f', knownHostsFile]);
    expect(found).toContain(target.hostPublicKey);
    expect(await engine!.listPrompts()).toEqual([]);
  });

  it('asks a target for its host certificate through the bastion and through a ProxyCommand: a @cert-authority settles it', async () => {
    const ca = path.join(fleet!.root, 'host-ca');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'host-ca', '-f', ca]);
    await certifyHostKey(ca, `${target.hostKeyFile}.pub`, 'target', target.address);
    appendFileSync(
      path.join(path.dirname(target.hostKeyFile), 'sshd_config'),
      `HostCertificate ${target.hostKeyFile}-cert.pub\n`,
    );
    await target.stopSshd();
    await target.startSshd();
    removeKnownKey(target);
    appendFileSync(
      knownHostsFile,
      `\n@cert-authority [${target.address}]:${target.port} ${readFileSync(`${ca}.pub`, 'utf8')}`,
    );
    const before = readFileSync(knownHostsFile, 'utf8');
    await connect(
      [
        { name: 'target', address: 'target' },
        { name: 'via-command', address: 'target-via-command' },
      ],
      'target-certified',
    );
    await waitForState('target', 'live');
    await waitForState('via-command', 'live');
    expect(prompts.flat()).toEqual([]);
    expect(readFileSync(knownHostsFile, 'utf8')).toBe(before);
  });
});

/** `SHA256:…` as `ssh-keygen -lf` prints it for the host's public key. */
async function sshKeygenFingerprint(host: TestHost): Promise<string> {
  const out = await run('ssh-keygen', ['-lf', `${host.hostKeyFile}.pub`]);
  return out.split(' ')[1];
}
