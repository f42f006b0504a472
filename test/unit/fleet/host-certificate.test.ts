import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  certificateAlgorithmsFor,
  checkHostCertificate,
  parseCertificate,
  type HostCertificateCheck,
} from '../../../src/engine/fleet/host-certificate';

let dir: string;

/** The wire blob of a .pub file (a key or a certificate). */
function blobOf(file: string): Buffer {
  return Buffer.from(readFileSync(file, 'utf8').trim().split(' ')[1], 'base64');
}

function key(name: string, type: string[]): { file: string; blob: Buffer } {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', ...type, '-N', '', '-C', name, '-f', file]);
  return { file, blob: blobOf(`${file}.pub`) };
}

/** Signs `subject`'s public key with `ca` (ssh-keygen -s), returning the certificate blob. */
function certify(ca: string, subject: string, args: string[]): Buffer {
  execFileSync('ssh-keygen', ['-q', '-s', ca, '-I', 'web-1 host key', '-z', '42', ...args, `${subject}.pub`]);
  return blobOf(`${subject}-cert.pub`);
}

const ED25519 = ['-t', 'ed25519'];
const ECDSA = ['-t', 'ecdsa', '-b', '384'];
const RSA = ['-t', 'rsa', '-b', '2048'];

describe('host certificates, as ssh-keygen makes them', () => {
  let ca: { file: string; blob: Buffer };
  let host: { file: string; blob: Buffer };
  let check: HostCertificateCheck;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wf-host-cert-'));
    ca = key('ca', ED25519);
    host = key('host', ED25519);
    check = {
      hostKey: host.blob,
      principal: 'web-1.example.net',
      authorities: [ca.blob],
      isRevoked: () => false,
      now: new Date(),
    };
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the certified key, principals, serial and validity', () => {
    const certificate = parseCertificate(
      certify(ca.file, host.file, ['-h', '-n', 'web-1.example.net,10.0.0.5', '-V', '20260101:20270101']),
    );
    expect(certificate).toMatchObject({
      keyType: 'ssh-ed25519',
      certType: 2,
      keyId: 'web-1 host key',
      serial: 42n,
      principals: ['web-1.example.net', '10.0.0.5'],
      validAfter: BigInt(Date.UTC(2026, 0, 1) / 1000),
    });
    expect(certificate.publicKey.equals(host.blob)).toBe(true);
    expect(certificate.signatureKey.equals(ca.blob)).toBe(true);
  });

  it('trusts a host certificate of the presented key, signed by a trusted authority, for this host', () => {
    const verdict = checkHostCertificate(
      certify(ca.file, host.file, ['-h', '-n', 'web-1.example.net']),
      check,
    );
    expect(verdict.ok).toBe(true);
  });

  it('trusts a certificate that names no principal, as ssh does', () => {
    expect(checkHostCertificate(certify(ca.file, host.file, ['-h']), check).ok).toBe(true);
  });

  it.each([
    ['ECDSA P-384', ECDSA],
    ['RSA (rsa-sha2-512)', RSA],
  ])('verifies the signature of a %s authority', (_name, type) => {
    const other = key(`ca-${type[1]}`, type);
    const verdict = checkHostCertificate(certify(other.file, host.file, ['-h', '-n', 'web-1.example.net']), {
      ...check,
      authorities: [other.blob],
    });
    expect(verdict).toMatchObject({ ok: true });
  });

  it('certifies ECDSA and RSA host keys too', () => {
    for (const type of [ECDSA, RSA]) {
      const subject = key(`host-${type[1]}`, type);
      const verdict = checkHostCertificate(
        certify(ca.file, subject.file, ['-h', '-n', 'web-1.example.net']),
        {
          ...check,
          hostKey: subject.blob,
        },
      );
      expect(verdict).toMatchObject({ ok: true });
    }
  });

  function reasonFor(blob: Buffer, overrides: Partial<HostCertificateCheck> = {}): string {
    const verdict = checkHostCertificate(blob, { ...check, ...overrides });
    expect(verdict.ok).toBe(false);
    return verdict.ok ? '' : verdict.reason;
  }

  it('names the principals when the host is not among them', () => {
    expect(reasonFor(certify(ca.file, host.file, ['-h', '-n', 'db-1.example.net,db-2']))).toBe(
      'certificate "web-1 host key" (serial 42) is valid for db-1.example.net, db-2, not for web-1.example.net',
    );
  });

  it('refuses an expired certificate and one not valid yet, with the dates', () => {
    expect(reasonFor(certify(ca.file, host.file, ['-h', '-V', '20200101:20200102']))).toContain(
      'expired at 2020-01-02T00:00:00Z',
    );
    expect(reasonFor(certify(ca.file, host.file, ['-h', '-V', '20990101:20990102']))).toContain(
      'is not valid before 2099-01-01T00:00:00Z',
    );
  });

  it('refuses a user certificate presented as a host certificate', () => {
    expect(reasonFor(certify(ca.file, host.file, ['-n', 'web-1.example.net']))).toContain(
      'is a user certificate, not a host certificate',
    );
  });

  it('refuses a certificate of another key than the one the host proved it holds', () => {
    const other = key('other-host', ED25519);
    expect(reasonFor(certify(ca.file, host.file, ['-h']), { hostKey: other.blob })).toContain(
      'is for another key than the one the host presented',
    );
  });

  it('refuses a certificate signed by an authority not trusted for this host, naming its fingerprint', () => {
    const rogue = key('rogue-ca', ED25519);
    const fingerprint = execFileSync('ssh-keygen', ['-l', '-f', `${rogue.file}.pub`])
      .toString()
      .split(' ')[1];
    expect(reasonFor(certify(rogue.file, host.file, ['-h']))).toBe(
      `certificate "web-1 host key" (serial 42) is signed by ssh-ed25519 ${fingerprint}, which is not a @cert-authority trusted for this host`,
    );
  });

  it('refuses a certificate whose authority is @revoked', () => {
    const blob = certify(ca.file, host.file, ['-h']);
    expect(reasonFor(blob, { isRevoked: (k) => k.equals(ca.blob) })).toContain(
      'which known_hosts marks @revoked',
    );
  });

  it('refuses an altered certificate: the signature no longer verifies', () => {
    const blob = Buffer.from(certify(ca.file, host.file, ['-h', '-n', 'web-1.example.neu']));
    const at = blob.indexOf('web-1.example.neu');
    blob.write('web-1.example.net', at, 'latin1');
    expect(reasonFor(blob)).toContain('its signature does not verify');
  });

  it('refuses an RSA authority signature made with SHA-1, as OpenSSH does by default', () => {
    const rsa = key('ca-sha1', RSA);
    const blob = certify(rsa.file, host.file, ['-h', '-t', 'ssh-rsa']);
    expect(reasonFor(blob, { authorities: [rsa.blob] })).toContain(
      'its signature algorithm ssh-rsa is not accepted for a ssh-rsa authority',
    );
  });

  it('says why a truncated or foreign blob cannot be read', () => {
    const blob = certify(ca.file, host.file, ['-h']);
    expect(reasonFor(blob.subarray(0, 60))).toMatch(
      /^its certificate cannot be read: certificate is truncated/,
    );
    expect(reasonFor(host.blob)).toBe(
      'its certificate cannot be read: "ssh-ed25519" is not a certificate type',
    );
  });

  it('offers the certificate algorithms of the presented key type', () => {
    expect(certificateAlgorithmsFor('ssh-ed25519')).toEqual(['ssh-ed25519-cert-v01@openssh.com']);
    expect(certificateAlgorithmsFor('ssh-rsa')).toEqual([
      'rsa-sha2-512-cert-v01@openssh.com',
      'rsa-sha2-256-cert-v01@openssh.com',
    ]);
    expect(certificateAlgorithmsFor('ssh-dss')).toEqual([]);
  });
});
