import { createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import { fingerprintSha256, keyType as keyTypeOf } from './host-key-fingerprint';
import { SshWireReader, SshWireWriter } from './ssh-wire';

/** An OpenSSH certificate (PROTOCOL.certkeys), as far as checking a host certificate needs it. */
export interface SshCertificate {
  /** The certified key's own type, e.g. 'ssh-ed25519'. */
  keyType: string;
  /** The certified key as a plain public key blob (what a server presents without its certificate). */
  publicKey: Buffer;
  serial: bigint;
  /** 1 for a user certificate, 2 for a host certificate. */
  certType: number;
  keyId: string;
  principals: string[];
  validAfter: bigint;
  validBefore: bigint;
  criticalOptions: string[];
  /** The certificate authority's public key blob. */
  signatureKey: Buffer;
  /** The bytes the authority signed: the certificate up to its signature. */
  signed: Buffer;
  /** The signature blob: algorithm name and signature. */
  signature: Buffer;
}

const HOST_CERTIFICATE = 2;
const FOREVER = 0xffff_ffff_ffff_ffffn;

const CERT_SUFFIX = '-cert-v01@openssh.com';

/** Host key algorithms that carry a certificate for a key of this type, in the order to offer them. */
export function certificateAlgorithmsFor(keyType: string): string[] {
  if (keyType === 'ssh-rsa') return [`rsa-sha2-512${CERT_SUFFIX}`, `rsa-sha2-256${CERT_SUFFIX}`];
  if (keyType === 'ssh-ed25519' || /^ecdsa-sha2-nistp(256|384|521)$/.test(keyType))
    return [`${keyType}${CERT_SUFFIX}`];
  return [];
}

/** Reads an OpenSSH certificate blob; throws naming what is wrong with it. */
export function parseCertificate(blob: Buffer): SshCertificate {
  const reader = new SshWireReader(blob, 'certificate');
  const type = reader.string().toString('latin1');
  if (!type.endsWith(CERT_SUFFIX)) throw new Error(`"${type}" is not a certificate type`);
  const keyType = type.slice(0, -CERT_SUFFIX.length);
  reader.string(); // nonce
  const key = new SshWireWriter().string(keyType);
  if (keyType === 'ssh-ed25519') key.string(reader.string());
  else if (keyType.startsWith('ecdsa-sha2-')) key.string(reader.string()).string(reader.string());
  else if (keyType === 'ssh-rsa') key.string(reader.string()).string(reader.string());
  else throw new Error(`certificates of ${keyType} keys are not supported`);
  const serial = reader.uint64();
  const certType = reader.uint32();
  const keyId = reader.text();
  const principals = namesIn(reader.string());
  const validAfter = reader.uint64();
  const validBefore = reader.uint64();
  const criticalOptions = optionNames(reader.string());
  reader.string(); // extensions
  reader.string(); // reserved
  const signatureKey = reader.string();
  const signed = reader.since(0);
  const signature = reader.string();
  if (!reader.done) throw new Error('certificate has bytes after its signature');
  return {
    keyType,
    publicKey: key.toBuffer(),
    serial,
    certType,
    keyId,
    principals,
    validAfter,
    validBefore,
    criticalOptions,
    signatureKey,
    signed,
    signature,
  };
}

export interface HostCertificateCheck {
  /** The key the server proved it holds in this connection. */
  hostKey: Buffer;
  /** The name the certificate must list (the host name, or its HostKeyAlias), as ssh checks it. */
  principal: string;
  /** The @cert-authority keys trusted for this host. */
  authorities: Buffer[];
  /** Whether known_hosts marks a key @revoked for this host. */
  isRevoked: (keyBlob: Buffer) => boolean;
  now: Date;
}

export type HostCertificateVerdict =
  { ok: true; certificate: SshCertificate } | { ok: false; reason: string };

/**
 * Checks a host certificate the way ssh(1) does before trusting it in place of a known_hosts entry: a
 * host certificate of the very key the server proved it holds, signed (SHA-2 or Ed25519, as OpenSSH's
 * default CASignatureAlgorithms) by an authority trusted for this host and not revoked, naming the host
 * among its principals (or naming none), valid now, and without critical options.
 */
export function checkHostCertificate(blob: Buffer, check: HostCertificateCheck): HostCertificateVerdict {
  let certificate: SshCertificate;
  try {
    certificate = parseCertificate(blob);
  } catch (err) {
    return { ok: false, reason: `its certificate cannot be read: ${(err as Error).message}` };
  }
  const { keyId } = certificate;
  const named = `certificate "${keyId}" (serial ${certificate.serial})`;
  if (certificate.certType !== HOST_CERTIFICATE)
    return { ok: false, reason: `${named} is a user certificate, not a host certificate` };
  if (!certificate.publicKey.equals(check.hostKey))
    return { ok: false, reason: `${named} is for another key than the one the host presented` };
  const signer = `${safeKeyType(certificate.signatureKey)} ${fingerprintSha256(certificate.signatureKey)}`;
  if (!check.authorities.some((authority) => authority.equals(certificate.signatureKey)))
    return {
      ok: false,
      reason: `${named} is signed by ${signer}, which is not a @cert-authority trusted for this host`,
    };
  if (check.isRevoked(certificate.signatureKey))
    return { ok: false, reason: `${named} is signed by ${signer}, which known_hosts marks @revoked` };
  const signatureProblem = signatureFault(certificate);
  if (signatureProblem) return { ok: false, reason: `${named}: ${signatureProblem}` };
  const now = BigInt(Math.floor(check.now.getTime() / 1000));
  if (now < certificate.validAfter)
    return { ok: false, reason: `${named} is not valid before ${stamp(certificate.validAfter)}` };
  if (now >= certificate.validBefore)
    return { ok: false, reason: `${named} expired at ${stamp(certificate.validBefore)}` };
  if (certificate.principals.length > 0 && !certificate.principals.includes(check.principal))
    return {
      ok: false,
      reason: `${named} is valid for ${certificate.principals.join(', ')}, not for ${check.principal}`,
    };
  if (certificate.criticalOptions.length > 0)
    return {
      ok: false,
      reason: `${named} has critical options (${certificate.criticalOptions.join(', ')}), which host certificates may not have`,
    };
  return { ok: true, certificate };
}

/** Why the authority's signature over the certificate does not hold, or null when it does. */
function signatureFault(certificate: SshCertificate): string | null {
  let algorithm: string;
  let signature: Buffer;
  try {
    const reader = new SshWireReader(certificate.signature, 'signature');
    algorithm = reader.string().toString('latin1');
    signature = reader.string();
  } catch (err) {
    return (err as Error).message;
  }
  const caType = safeKeyType(certificate.signatureKey);
  const hash = signatureHash(caType, algorithm);
  if (hash === undefined)
    return `its signature algorithm ${algorithm} is not accepted for a ${caType} authority (ssh accepts Ed25519, ECDSA and RSA with SHA-2)`;
  try {
    const key = publicKeyObject(certificate.signatureKey);
    const valid = caType.startsWith('ecdsa-sha2-')
      ? verifySignature(
          hash,
          certificate.signed,
          { key, dsaEncoding: 'ieee-p1363' },
          ecdsaSignature(caType, signature),
        )
      : verifySignature(hash, certificate.signed, key, signature);
    return valid
      ? null
      : 'its signature does not verify: it was not signed by that authority, or was altered';
  } catch (err) {
    return `its signature cannot be checked: ${(err as Error).message}`;
  }
}

/** The digest a CA signature of this algorithm uses (null for Ed25519's own), undefined when not accepted. */
function signatureHash(caType: string, algorithm: string): string | null | undefined {
  if (caType === 'ssh-ed25519') return algorithm === 'ssh-ed25519' ? null : undefined;
  if (caType === 'ssh-rsa')
    return algorithm === 'rsa-sha2-512' ? 'sha512' : algorithm === 'rsa-sha2-256' ? 'sha256' : undefined;
  const curve = /^ecdsa-sha2-nistp(256|384|521)$/.exec(caType)?.[1];
  if (curve === undefined || algorithm !== caType) return undefined;
  return curve === '256' ? 'sha256' : curve === '384' ? 'sha384' : 'sha512';
}

const CURVES: Record<string, { jwk: string; bytes: number }> = {
  'ecdsa-sha2-nistp256': { jwk: 'P-256', bytes: 32 },
  'ecdsa-sha2-nistp384': { jwk: 'P-384', bytes: 48 },
  'ecdsa-sha2-nistp521': { jwk: 'P-521', bytes: 66 },
};

/** A public key blob (Ed25519, ECDSA or RSA) as a key object of Node's crypto. */
function publicKeyObject(blob: Buffer): KeyObject {
  const reader = new SshWireReader(blob, 'authority key');
  const type = reader.string().toString('latin1');
  if (type === 'ssh-ed25519')
    return createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: base64url(reader.string()) },
      format: 'jwk',
    });
  if (type === 'ssh-rsa') {
    const e = reader.string();
    const n = reader.string();
    return createPublicKey({
      key: { kty: 'RSA', e: base64url(unsigned(e)), n: base64url(unsigned(n)) },
      format: 'jwk',
    });
  }
  const curve = CURVES[type];
  if (curve === undefined) throw new Error(`${type} keys are not supported`);
  reader.string(); // curve name
  const point = reader.string();
  if (point.length !== 1 + 2 * curve.bytes || point[0] !== 4)
    throw new Error('ECDSA point is not uncompressed');
  return createPublicKey({
    key: {
      kty: 'EC',
      crv: curve.jwk,
      x: base64url(point.subarray(1, 1 + curve.bytes)),
      y: base64url(point.subarray(1 + curve.bytes)),
    },
    format: 'jwk',
  });
}

/** An SSH ECDSA signature (mpint r, mpint s) as r‖s of the curve's size. */
function ecdsaSignature(caType: string, signature: Buffer): Buffer {
  const size = CURVES[caType].bytes;
  const reader = new SshWireReader(signature, 'ECDSA signature');
  const [r, s] = [unsigned(reader.string()), unsigned(reader.string())];
  if (r.length > size || s.length > size) throw new Error('ECDSA signature is too long');
  return Buffer.concat([Buffer.alloc(size - r.length), r, Buffer.alloc(size - s.length), s]);
}

/** An mpint's magnitude without its sign byte. */
function unsigned(mpint: Buffer): Buffer {
  let start = 0;
  while (start < mpint.length - 1 && mpint[start] === 0) start++;
  return mpint.subarray(start);
}

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

function namesIn(list: Buffer): string[] {
  const reader = new SshWireReader(list, 'certificate principals');
  const names: string[] = [];
  while (!reader.done) names.push(reader.text());
  return names;
}

function optionNames(options: Buffer): string[] {
  const reader = new SshWireReader(options, 'certificate options');
  const names: string[] = [];
  while (!reader.done) {
    names.push(reader.text());
    reader.string();
  }
  return names;
}

function safeKeyType(blob: Buffer): string {
  try {
    return keyTypeOf(blob);
  } catch {
    return 'unreadable key';
  }
}

function stamp(seconds: bigint): string {
  if (seconds >= FOREVER) return 'forever';
  return new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}
