import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { fetchHostCertificate } from '../../src/engine/fleet/ssh-kex-probe';
import type { PromptRequest } from '../../src/shared/api';
import type { HostStatus } from '../../src/shared/types';
import { certifyHostKey } from '../harness/host-ca';
import { run } from '../harness/processes';
import { writeFleetProfile } from '../harness/profiles';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

/**
 * Fleets whose known_hosts trusts a certificate authority instead of listing every host: each sshd
 * presents a host certificate (HostCertificate), and the operator's known_hosts holds one
 * `@cert-authority` line, as OpenSSH's client accepts without a question.
 */
describe.runIf(harness.ok)('hosts certified by a @cert-authority (real sshd)', () => {
  let fleet: SshFleet;
  let caDir: string;
  let ca: string;
  let knownHostsFile: string;
  let profile: string;
  let engine: Engine | null = null;

  const host = () => fleet.hosts[0];
  const caLine = (file = ca) => `@cert-authority * ${readFileSync(`${file}.pub`, 'utf8').trim()}\n`;

  /** Signs the host's key (principals as given) and restarts its sshd presenting the certificate. */
  async function certifyHost(signer: string, principals: string): Promise<void> {
    await certifyHostKey(signer, `${host().hostKeyFile}.pub`, 'web-1 host key', principals);
    await host().stopSshd();
    await host().startSshd();
  }

  beforeAll(async () => {
    caDir = mkdtempSync(path.join(tmpdir(), 'wf-host-ca-'));
    ca = path.join(caDir, 'host-ca');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'host-ca', '-f', ca]);
    fleet = await startSshFleet({ hosts: 1 });
    appendFileSync(
      path.join(path.dirname(host().hostKeyFile), 'sshd_config'),
      `HostCertificate ${host().hostKeyFile}-cert.pub\n`,
    );
    await certifyHost(ca, host().address);
    knownHostsFile = path.join(fleet.home, '.ssh', 'known_hosts');
    writeFileSync(path.join(host().logDir, 'app.log'), `${new Date().toISOString()} INFO ready\n`);
    profile = writeFleetProfile(fleet);
  });

  afterEach(() => {
    engine?.dispose();
    engine = null;
  });

  afterAll(async () => {
    await fleet?.stop();
    rmSync(caDir, { recursive: true, force: true });
  });

  /** Connects; resolves the host's settled status, or the host key question it asks instead. */
  async function connectOrQuestion(): Promise<{ status?: HostStatus; question?: PromptRequest }> {
    const started = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      backoff: { initialMs: 60_000, maxMs: 60_000, jitter: 0 },
    });
    engine = started;
    const prompts: PromptRequest[][] = [];
    started.events.on('prompts', (open) => prompts.push(open));
    await started.connect({ profileFile: path.basename(profile), environment: 'test' });
    return waitFor(
      async () => {
        const question = prompts.flat().find((p) => p.kind === 'hostKey');
        if (question) return { question };
        const status = (await started.getSession())!.hosts[0];
        return ['live', 'failed', 'reconnecting'].includes(status.state) ? { status } : null;
      },
      { what: 'the host to settle or ask' },
    );
  }

  it('fetches exactly the certificate sshd presents', async () => {
    const certificate = await fetchHostCertificate(
      connect({ host: host().address, port: host().port }),
      ['ssh-ed25519-cert-v01@openssh.com'],
      10_000,
    );
    const onDisk = readFileSync(`${host().hostKeyFile}-cert.pub`, 'utf8').split(' ')[1];
    expect(certificate?.toString('base64')).toBe(onDisk);
    const none = await fetchHostCertificate(
      connect({ host: host().address, port: host().port }),
      ['ecdsa-sha2-nistp256-cert-v01@openssh.com'],
      10_000,
    );
    expect(none).toBeNull();
  });

  it('connects without a question to a host whose certificate a trusted authority signed, and writes no known_hosts line', async () => {
    writeFileSync(knownHostsFile, `# the fleet's host CA\n${caLine()}`);
    const { status, question } = await connectOrQuestion();
    expect(question).toBeUndefined();
    expect(status?.state).toBe('live');
    expect(readFileSync(knownHostsFile, 'utf8')).toBe(`# the fleet's host CA\n${caLine()}`);
  });

  it('asks, saying why, when the certificate names other hosts', async () => {
    await certifyHost(ca, 'db-1.example.net');
    try {
      writeFileSync(knownHostsFile, caLine());
      const { question } = await connectOrQuestion();
      expect(question?.message).toContain(
        `${knownHostsFile}:1 trusts a certificate authority (@cert-authority) for this host, but certificate "web-1 host key" (serial 0) is valid for db-1.example.net, not for ${host().address}`,
      );
    } finally {
      await certifyHost(ca, host().address);
    }
  });

  it('asks, naming the signer, when known_hosts trusts another authority', async () => {
    const other = path.join(caDir, 'other-ca');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    writeFileSync(knownHostsFile, caLine(other));
    const { question } = await connectOrQuestion();
    expect(question?.message).toMatch(
      /is signed by ssh-ed25519 SHA256:\S+, which is not a @cert-authority trusted for this host/,
    );
  });

  it('offers first the key the host has a certificate for, when only its ECDSA key is signed', async () => {
    const config = path.join(path.dirname(host().hostKeyFile), 'sshd_config');
    const original = readFileSync(config, 'utf8');
    const ecdsaKey = path.join(caDir, 'ssh_host_ecdsa_key');
    await run('ssh-keygen', ['-q', '-t', 'ecdsa', '-N', '', '-f', ecdsaKey]);
    await certifyHostKey(ca, `${ecdsaKey}.pub`, 'web-1 ecdsa', host().address);
    writeFileSync(
      config,
      original.replace(`HostCertificate ${host().hostKeyFile}-cert.pub\n`, '') +
        `HostKey ${ecdsaKey}\nHostCertificate ${ecdsaKey}-cert.pub\n`,
    );
    await host().stopSshd();
    await host().startSshd();
    try {
      writeFileSync(knownHostsFile, caLine());
      const { status, question } = await connectOrQuestion();
      expect(question).toBeUndefined();
      expect(status?.state).toBe('live');
      expect(readFileSync(knownHostsFile, 'utf8')).toBe(caLine());
    } finally {
      writeFileSync(config, original);
      await host().stopSshd();
      await host().startSshd();
    }
  });

  it('refuses a certified host whose own key is @revoked', async () => {
    const hostKey = readFileSync(`${host().hostKeyFile}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
    writeFileSync(knownHostsFile, `${caLine()}@revoked * ${hostKey}\n`);
    const { status, question } = await connectOrQuestion();
    expect(question).toBeUndefined();
    expect(status?.state).toBe('failed');
    expect(status?.reason).toContain('is marked @revoked');
  });
});
