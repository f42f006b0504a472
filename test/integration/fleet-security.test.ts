import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SecretRequest, SecretSource } from '../../src/engine/credentials/secret-source';
import { Engine } from '../../src/engine/engine';
import type { PromptRequest } from '../../src/shared/api';
import type { HostStatus } from '../../src/shared/types';
import { run } from '../harness/processes';
import { writeFleetProfile } from '../harness/profiles';
import { hostSettled } from '../harness/host-settled';
import { canRunSshFleet, startAgent, startSshFleet, TEST_USER, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

/** A secret source that records every request and has nothing to give. */
class RecordingSecrets implements SecretSource {
  readonly asked: SecretRequest[] = [];
  async get(request: SecretRequest): Promise<string | null> {
    this.asked.push(request);
    return 'not-the-password';
  }
}

describe.runIf(harness.ok)('host keys are checked like OpenSSH checks them (real sshd)', () => {
  let fleet: SshFleet;
  let knownHostsFile: string;
  let profile: string;
  let engine: Engine | null = null;
  let otherKey: string;
  let keysDir: string;
  let rsaPublicKey: string;

  beforeAll(async () => {
    // The host also has an RSA key, offered after its Ed25519 key by default.
    keysDir = mkdtempSync(path.join(tmpdir(), 'wf-rsa-host-key-'));
    const rsaHostKey = path.join(keysDir, 'ssh_host_rsa_key');
    await run('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', rsaHostKey]);
    rsaPublicKey = readFileSync(`${rsaHostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
    fleet = await startSshFleet({ hosts: 1, sshdConfig: [`HostKey ${rsaHostKey}`] });
    knownHostsFile = path.join(fleet.home, '.ssh', 'known_hosts');
    writeFileSync(path.join(fleet.hosts[0].logDir, 'app.log'), `${new Date().toISOString()} INFO ready\n`);
    profile = writeFleetProfile(fleet);
    const spare = path.join(fleet.root, 'spare_key');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', spare]);
    otherKey = readFileSync(`${spare}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  });

  afterEach(() => {
    engine?.dispose();
    engine = null;
  });

  afterAll(async () => {
    await fleet?.stop();
    rmSync(keysDir, { recursive: true, force: true });
  });

  const host = () => fleet.hosts[0];
  const label = () => `[${host().address}]:${host().port}`;

  async function connect(secrets?: SecretSource): Promise<HostStatus> {
    engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      secrets,
      backoff: { initialMs: 60_000, maxMs: 60_000, jitter: 0 },
    });
    await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
    return hostSettled(engine);
  }

  /** Connects with nobody answering prompts, and resolves the host key question the engine then asks. */
  async function hostKeyQuestion(): Promise<PromptRequest> {
    const started = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
    });
    engine = started;
    const prompts: PromptRequest[][] = [];
    started.events.on('prompts', (open) => prompts.push(open));
    await started.connect({ profileFile: path.basename(profile), environment: 'test' });
    return waitFor(() => prompts.flat().find((p) => p.kind === 'hostKey'), { what: 'a host key prompt' });
  }

  async function fingerprintOf(publicKey: string): Promise<string> {
    const file = path.join(fleet.root, 'fp.pub');
    writeFileSync(file, `${publicKey}\n`);
    return (await run('ssh-keygen', ['-l', '-f', file])).split(' ')[1];
  }

  it('connects to a host whose [host]:port entry matches', async () => {
    writeFileSync(knownHostsFile, `${label()} ${host().hostPublicKey}\n`);
    expect((await connect()).state).toBe('live');
  });

  it('connects without a question to a host known only by its RSA key, as ssh does', async () => {
    writeFileSync(knownHostsFile, `${label()} ${rsaPublicKey}\n`);
    expect((await connect()).state).toBe('live');
    expect(readFileSync(knownHostsFile, 'utf8')).toBe(`${label()} ${rsaPublicKey}\n`);
  });

  it('looks the key up under the HostKeyAlias of ~/.ssh/config, with no port added, as ssh does', async () => {
    const configFile = path.join(fleet.home, '.ssh', 'config');
    const config = readFileSync(configFile, 'utf8');
    const aliased = config.replace(
      `Host ${host().name}\n`,
      `Host ${host().name}\n  HostKeyAlias shared-name\n`,
    );
    expect(aliased).not.toBe(config);
    writeFileSync(configFile, aliased);
    try {
      writeFileSync(knownHostsFile, `shared-name ${host().hostPublicKey}\n`);
      expect((await connect()).state).toBe('live');
    } finally {
      writeFileSync(configFile, config);
    }
  });

  it('asks the agent that IdentityAgent in ~/.ssh/config names, not only $SSH_AUTH_SOCK', async () => {
    const configFile = path.join(fleet.home, '.ssh', 'config');
    const config = readFileSync(configFile, 'utf8');
    // No key file to fall back on, and no default agent: only the configured agent can log in.
    const viaAgent = config
      .replace(`IdentityFile ${fleet.clientKeyFile}`, 'IdentityFile /nonexistent/key')
      .replace(`Host ${host().name}\n`, `Host ${host().name}\n  IdentityAgent ${fleet.agentSocket}\n`);
    expect(viaAgent).toContain('IdentityFile /nonexistent/key');
    writeFileSync(configFile, viaAgent);
    writeFileSync(knownHostsFile, `${label()} ${host().hostPublicKey}\n`);
    try {
      engine = new Engine({
        profilesDir: path.dirname(profile),
        home: fleet.home,
        agentSocket: undefined,
        backoff: { initialMs: 60_000, maxMs: 60_000, jitter: 0 },
      });
      await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
      const status = await hostSettled(engine);
      expect(status.reason).toBeUndefined();
      expect(status.state).toBe('live');
    } finally {
      writeFileSync(configFile, config);
    }
  });

  it('connects through a hashed known_hosts entry', async () => {
    writeFileSync(knownHostsFile, `${label()} ${host().hostPublicKey}\n`);
    await run('ssh-keygen', ['-H', '-f', knownHostsFile]);
    expect(readFileSync(knownHostsFile, 'utf8')).toMatch(/^\|1\|/);
    expect((await connect()).state).toBe('live');
  });

  /** Runs `body` with `line` first in ~/.ssh/config (so that it wins), then puts the config back. */
  async function withConfigLine(line: string, body: () => Promise<void>): Promise<void> {
    const config = path.join(fleet.home, '.ssh', 'config');
    const original = readFileSync(config, 'utf8');
    writeFileSync(config, `${line}\n${original}`);
    try {
      await body();
    } finally {
      writeFileSync(config, original);
    }
  }

  /** Accepts and remembers the key asked about, and waits for the host to be live. */
  async function acceptAndRemember(question: PromptRequest): Promise<void> {
    expect(await engine!.answerPrompt({ id: question.id, accept: true, remember: true })).toBe(true);
    await waitFor(async () => (await engine!.getSession())!.hosts[0].state === 'live', {
      what: 'live after accepting',
    });
  }

  it('asks about an unknown key with its SHA256 fingerprint, and remembers it once accepted', async () => {
    // Plain names, whatever the system's ssh_config says (Debian's hashes them; see the next test).
    await withConfigLine('HashKnownHosts no', async () => {
      writeFileSync(knownHostsFile, '');
      const question = await hostKeyQuestion();
      expect(question.fingerprint).toBe(await fingerprintOf(host().hostPublicKey));
      expect(question.host).toBe('web-1');
      await acceptAndRemember(question);
      expect(readFileSync(knownHostsFile, 'utf8')).toContain(`${label()} ${host().hostPublicKey}`);
    });
  });

  it('remembers an accepted key under a hashed name where ~/.ssh/config says HashKnownHosts yes, as ssh does', async () => {
    await withConfigLine('HashKnownHosts yes', async () => {
      writeFileSync(knownHostsFile, '');
      await acceptAndRemember(await hostKeyQuestion());
      const saved = readFileSync(knownHostsFile, 'utf8');
      expect(saved).toMatch(/^\|1\|[^ ]+ ssh-ed25519 /);
      expect(saved).not.toContain(host().address);
      // ssh finds the line under the host's name.
      expect(await run('ssh-keygen', ['-F', label(), '-f', knownHostsFile])).toContain(host().hostPublicKey);
      engine!.dispose();
      engine = null;
      expect((await connect()).state).toBe('live');
    });
  });

  it('says why a host under a @cert-authority line without a certificate is still asked about', async () => {
    writeFileSync(knownHostsFile, `# fleet CA\n@cert-authority * ${otherKey}\n`);
    const question = await hostKeyQuestion();
    expect(question.message).toContain(
      `${knownHostsFile}:2 trusts a certificate authority (@cert-authority) for this host, but the host presents no certificate for its ssh-ed25519 key.`,
    );
    expect(question.fingerprint).toBe(await fingerprintOf(host().hostPublicKey));
    expect(await engine!.answerPrompt({ id: question.id, accept: false })).toBe(true);
    const status = await waitFor(
      async () => {
        const s = (await engine!.getSession())!.hosts[0];
        return s.state === 'failed' || s.state === 'reconnecting' ? s : null;
      },
      { what: 'the refusal' },
    );
    expect(status.reason).toContain('@cert-authority');
  });

  it('refuses a changed key before authentication, showing both fingerprints, and never asks for a secret', async () => {
    writeFileSync(knownHostsFile, `${label()} ${otherKey}\n`);
    const sshdLogBefore = readFileSync(host().sshdLog, 'utf8').length;
    const secrets = new RecordingSecrets();
    const status = await connect(secrets);
    expect(status.state).toBe('failed');
    expect(status.reason).toContain('CHANGED');
    expect(status.reason).toContain(await fingerprintOf(host().hostPublicKey));
    expect(status.reason).toContain(await fingerprintOf(otherKey));
    expect(secrets.asked).toEqual([]);
    const sshdLog = readFileSync(host().sshdLog, 'utf8').slice(sshdLogBefore);
    expect(sshdLog).not.toMatch(/Accepted|Failed (publickey|password)|Postponed|authentication/i);
  });

  it('refuses a key marked @revoked', async () => {
    writeFileSync(knownHostsFile, `${label()} ${host().hostPublicKey}\n@revoked * ${host().hostPublicKey}\n`);
    const status = await connect();
    expect(status.state).toBe('failed');
    expect(status.reason).toMatch(/@revoked/);
  });
});

describe.runIf(harness.ok)('profile fields never reach a shell unquoted (real sshd)', () => {
  let fleet: SshFleet;
  let engine: Engine;
  // Relative, so it can stand in a file name: a command that ran would create it in the login directory.
  const canary = 'watchfloor-canary';
  const canaryPaths = [`/var/lib/wf-test/${canary}`, `/tmp/${canary}`];

  beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 1 });
  });

  afterAll(async () => {
    engine?.dispose();
    await fleet?.stop();
  });

  const hostileNames = [
    `semi;touch ${canary};.log`,
    `subst$(touch ${canary}).log`,
    `tick\`touch ${canary}\`.log`,
    `quote'";touch ${canary};'.log`,
    `-dash.log`,
    `space and \\backslash.log`,
    `dollar$HOME.log`,
  ];

  it('follows files with hostile names and include patterns, and the canary is never created', async () => {
    for (const p of canaryPaths) if (existsSync(p)) throw new Error(`${p} exists before the test`);
    const dir = path.join(fleet.root, 'profiles');
    mkdirSync(dir, { recursive: true });
    hostileNames.forEach((name, i) => {
      const excluded = `${new Date().toISOString()} ERROR excluded \`touch ${canary}\`\n`;
      const skipped = `${new Date().toISOString()} INFO not included\n`;
      const kept = `${new Date().toISOString()} ERROR hostile file #${i}\n`;
      writeFileSync(path.join(fleet.hosts[0].logDir, name), excluded + skipped + kept);
    });
    const profileFile = path.join(dir, 'hostile.yaml');
    writeFileSync(
      profileFile,
      stringify({
        name: 'hostile',
        environments: [
          {
            name: 'test',
            hosts: [{ name: 'web-1', address: 'web-1' }],
            applications: [
              {
                name: 'app',
                hosts: ['web-1'],
                logs: hostileNames.map((name) => ({
                  path: path.join(fleet.viewDir, name),
                  include: [`ERROR|'; touch ${canary}; '`, `$(touch ${canary})`],
                  exclude: [`\`touch ${canary}\``],
                })),
              },
            ],
          },
        ],
      }),
    );
    engine = new Engine({ profilesDir: dir, home: fleet.home, agentSocket: fleet.agentSocket });
    await engine.connect({ profileFile: 'hostile.yaml', environment: 'test' });
    await waitFor(
      async () => (await engine.getStreamPage({ from: 0, count: 100 })).rows.length === hostileNames.length,
      { what: 'one line from every hostile file' },
    );
    const { rows } = await engine.getStreamPage({ from: 0, count: 100 });
    expect(new Set(rows.map((r) => path.basename(r.source)))).toEqual(new Set(hostileNames));
    expect(rows.every((r) => /hostile file #\d$/.test(r.message))).toBe(true);
    expect(canaryPaths.filter((p) => existsSync(p))).toEqual([]);
  });
});

describe.runIf(harness.ok)('key files as ssh reads them (real sshd)', () => {
  let fleet: SshFleet;
  let engine: Engine | null = null;

  beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 1, agent: false });
    writeFileSync(path.join(fleet.hosts[0].logDir, 'app.log'), `${new Date().toISOString()} INFO ready\n`);
  });

  afterAll(async () => {
    engine?.dispose();
    await fleet?.stop();
  });

  it('logs in with a PKCS#8 key file (ssh-keygen -m PKCS8, openssl), which the SSH library alone cannot read', async () => {
    const keyFile = path.join(fleet.home, '.ssh', 'id_pkcs8');
    await run('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-m', 'PKCS8', '-N', '', '-f', keyFile]);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    // Only this key is authorised, and the config names only it.
    writeFileSync(path.join(fleet.root, 'authorized_keys'), readFileSync(`${keyFile}.pub`));
    const configFile = path.join(fleet.home, '.ssh', 'config');
    writeFileSync(
      configFile,
      readFileSync(configFile, 'utf8').replace(/IdentityFile .*/g, `IdentityFile ${keyFile}`),
    );
    const profile = writeFleetProfile(fleet, { name: 'pkcs8' });
    engine = new Engine({ profilesDir: path.dirname(profile), home: fleet.home, metricsIntervalSec: 0 });
    await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
    const status = await waitFor(
      async () => {
        const s = (await engine!.getSession())!.hosts[0];
        return s.state === 'live' || s.state === 'failed' ? s : null;
      },
      { what: 'the login' },
    );
    expect(status.reason ?? '').toBe('');
    expect(status.state).toBe('live');
  });

  it("offers only the identity files' keys from a crowded agent under IdentitiesOnly, as ssh does", async () => {
    // Seven keys in the agent, the authorised one last: offered in turn, the sixth refusal reaches sshd's
    // MaxAuthTries and the connection is closed before the seventh. The config names the authorised key,
    // of which only the public half is on disk (the private one lives in the agent).
    const keysDir = path.join(fleet.root, 'crowd');
    mkdirSync(keysDir);
    const others: string[] = [];
    for (let i = 0; i < 6; i++) {
      others.push(path.join(keysDir, `other_${i}`));
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', others[i]]);
    }
    const teamKey = path.join(keysDir, 'team_key');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', teamKey]);
    writeFileSync(path.join(fleet.root, 'authorized_keys'), readFileSync(`${teamKey}.pub`));
    const socket = path.join(fleet.root, 'crowded-agent.sock');
    const agent = await startAgent(socket, [...others, teamKey]);
    rmSync(teamKey);
    const configFile = path.join(fleet.home, '.ssh', 'config');
    const config = readFileSync(configFile, 'utf8').replace(/IdentityFile .*/g, `IdentityFile ${teamKey}`);
    const connectWith = async (options: string): Promise<HostStatus> => {
      writeFileSync(configFile, config.replace(/^(Host .*)$/m, `$1\n${options}`));
      const profile = writeFleetProfile(fleet, { name: 'crowded-agent' });
      engine?.dispose();
      engine = new Engine({
        profilesDir: path.dirname(profile),
        home: fleet.home,
        agentSocket: socket,
        metricsIntervalSec: 0,
        backoff: { initialMs: 60_000, maxMs: 60_000, jitter: 0 },
      });
      await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
      return waitFor(
        async () => {
          const s = (await engine!.getSession())!.hosts[0];
          return ['live', 'failed', 'reconnecting'].includes(s.state) ? s : null;
        },
        { what: 'the login' },
      );
    };
    try {
      // The crowd really is too many without IdentitiesOnly, as with ssh itself.
      const crowded = await connectWith('  IdentitiesOnly no');
      expect(crowded.state).toBe('failed');
      expect(crowded.reason).toContain('too many refused keys');
      expect(crowded.reason).toContain('the agent offered 7 keys');
      expect(crowded.reason).toContain("Add 'IdentitiesOnly yes'");
      const status = await connectWith('  IdentitiesOnly yes');
      expect(status.reason ?? '').toBe('');
      expect(status.state).toBe('live');
    } finally {
      await agent.stop();
    }
  });
});

describe.runIf(harness.ok)('IPv6 hosts (real sshd on ::1)', () => {
  let fleet: SshFleet;
  let engine: Engine | null = null;

  beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 1, placement: { 'web-1': { address: '::1' } } });
    writeFileSync(
      path.join(fleet.hosts[0].logDir, 'app.log'),
      `${new Date().toISOString()} INFO over IPv6\n`,
    );
  });

  afterAll(async () => {
    engine?.dispose();
    await fleet?.stop();
  });

  it('connects to an IPv6 address given through ~/.ssh/config, bare in the profile, or in brackets', async () => {
    const host = fleet.hosts[0];
    const dir = path.join(fleet.root, 'profiles');
    mkdirSync(dir, { recursive: true });
    const entries = [
      { name: 'by-alias', address: host.name },
      { name: 'bare', address: '::1', port: host.port, user: TEST_USER },
      { name: 'bracketed', address: '[::1]', port: host.port, user: TEST_USER },
    ];
    writeFileSync(
      path.join(dir, 'ipv6.yaml'),
      stringify({
        name: 'ipv6',
        environments: [
          {
            name: 'test',
            hosts: entries,
            applications: [
              {
                name: 'app',
                hosts: entries.map((e) => e.name),
                logs: [{ path: path.join(fleet.viewDir, 'app.log') }],
              },
            ],
          },
        ],
      }),
    );
    engine = new Engine({
      profilesDir: dir,
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      metricsIntervalSec: 0,
    });
    await engine.connect({ profileFile: 'ipv6.yaml', environment: 'test' });
    const hosts = await waitFor(
      async () => {
        const all = (await engine!.getSession())!.hosts;
        return all.every((h) => h.state === 'live' || h.state === 'failed') ? all : null;
      },
      { what: 'the three hosts to settle' },
    );
    expect(hosts.map((h) => [h.host, h.state, h.reason ?? ''])).toEqual(
      entries.map((e) => [e.name, 'live', '']),
    );
    await waitFor(async () => (await engine!.getStreamPage({ from: 0, count: 10 })).rows.length === 3, {
      what: 'the line from each',
    });
  });
});
