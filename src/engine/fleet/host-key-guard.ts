import type { ServerHostKeyAlgorithm } from 'ssh2';
import { certificateAlgorithmsFor, checkHostCertificate, parseCertificate } from './host-certificate';
import { fingerprintSha256, keyType as keyTypeOf } from './host-key-fingerprint';
import type { ResolvedSshHost } from './ssh-config-resolver';
import { KnownHosts, type CertAuthority, type HostKeyVerdict } from './known-hosts';

/** What the SSH library offers by default, strongest first. */
const DEFAULT_HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * The algorithms that verify a key of this type (an RSA key through its SHA-2 signatures first); none
 * for types the SSH library cannot verify.
 */
function algorithmsForKeyType(type: string): ServerHostKeyAlgorithm[] {
  if (type === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return DEFAULT_HOST_KEY_ALGORITHMS.filter((algorithm) => algorithm === type);
}

/** A question for the operator about an unknown host key; resolves true to trust and remember it. */
export type HostKeyPrompt = (question: {
  host: string;
  hostName: string;
  port: number;
  fingerprint: string;
  keyType: string;
  /** Why known_hosts does not settle it although it names a certificate authority for this host; undefined when it names none. */
  certAuthorityNote?: string;
}) => Promise<boolean>;

/**
 * Asks the host, over a connection of its own, for its certificates of these host key algorithms; null
 * when it has none.
 */
export type HostCertificateSource = (algorithms: string[]) => Promise<Buffer | null>;

export interface HostKeyRefusal {
  message: string;
}

/**
 * Checks every server key against known_hosts before authentication, as OpenSSH does: a changed or
 * revoked key is refused and never overridden silently; a key certified by a `@cert-authority` trusted
 * for the host is accepted; any other unknown key follows StrictHostKeyChecking (ask by default).
 */
export class HostKeyGuard {
  private readonly cache = new Map<string, Promise<KnownHosts>>();
  /** Keys found certified (by known_hosts label and fingerprint), until their certificate expires (ms). */
  private readonly certified = new Map<string, number>();
  /** The type of the key last found certified, by known_hosts label: offered first on reconnecting. */
  private readonly certifiedType = new Map<string, string>();
  /** Certificates fetched to choose the host key type, by known_hosts label, until the key is checked. */
  private readonly fetched = new Map<string, Buffer>();

  constructor(private readonly loadKnownHosts: (files: string[]) => Promise<KnownHosts> = KnownHosts.load) {}

  /**
   * Host key algorithms in the order to offer them, those of keys already known for this host first, as
   * OpenSSH orders HostKeyAlgorithms: a host known by its RSA key is not asked about its Ed25519 key. A
   * host known only through a `@cert-authority` is first asked which of its keys has a certificate (ssh
   * prefers certificate algorithms then), and that key's type is offered first: hosts often have only
   * one of their keys signed. Undefined when nothing is known (the SSH library's own order applies).
   */
  async preferredAlgorithms(
    host: ResolvedSshHost,
    certificates?: HostCertificateSource,
  ): Promise<ServerHostKeyAlgorithm[] | undefined> {
    const knownHosts = await this.knownHostsOf(host);
    const { name, port } = knownHostsKey(host);
    const known = knownHosts.knownKeyTypes(name, port).flatMap(algorithmsForKeyType);
    if (known.length > 0) return [...new Set([...known, ...DEFAULT_HOST_KEY_ALGORITHMS])];
    if (!certificates || knownHosts.certAuthorities(name, port).length === 0) return undefined;
    const label = `${name}:${port}`;
    let certifiedType = this.certifiedType.get(label);
    if (certifiedType === undefined) {
      const blob = await certificates(ALL_CERTIFICATE_ALGORITHMS).catch(() => null);
      if (blob === null) return undefined;
      try {
        certifiedType = parseCertificate(blob).keyType;
      } catch {
        return undefined;
      }
      this.fetched.set(label, blob);
    }
    return [...new Set([...algorithmsForKeyType(certifiedType), ...DEFAULT_HOST_KEY_ALGORITHMS])];
  }

  /** Resolves null when the key is trusted, or with the reason for refusing it. */
  async verify(
    host: ResolvedSshHost,
    key: Buffer,
    name: string,
    prompt?: HostKeyPrompt,
    certificates?: HostCertificateSource,
  ): Promise<HostKeyRefusal | null> {
    const knownHosts = await this.knownHostsOf(host);
    const entry = knownHostsKey(host);
    const verdict = knownHosts.check(entry.name, entry.port, key);
    const label = entry.port === 22 ? entry.name : `[${entry.name}]:${entry.port}`;
    switch (verdict.kind) {
      case 'known':
        return null;
      case 'revoked':
        return {
          message: `The host key of ${label} (${name}) is marked @revoked in ${verdict.file}:${verdict.line} (${verdict.fingerprint}). Refusing to connect.`,
        };
      case 'changed':
        return { message: changedKeyMessage(label, name, verdict) };
      case 'unknown':
        return this.onUnknown(host, key, name, label, verdict, knownHosts, prompt, certificates);
    }
  }

  /**
   * Whether the host holds a valid certificate for `key` from an authority trusted for it (null), or why
   * not. A certificate found valid is not asked for again on reconnecting until it expires.
   */
  private async certificateFault(
    host: ResolvedSshHost,
    key: Buffer,
    authorities: CertAuthority[],
    knownHosts: KnownHosts,
    certificates: HostCertificateSource | undefined,
  ): Promise<string | null> {
    const entry = knownHostsKey(host);
    const cacheKey = `${entry.name}:${entry.port}:${fingerprintSha256(key)}`;
    const now = Date.now();
    if ((this.certified.get(cacheKey) ?? 0) > now) return null;
    const type = keyTypeOf(key);
    const algorithms = certificateAlgorithmsFor(type);
    if (algorithms.length === 0) return `certificates of ${type} host keys are not supported`;
    if (!certificates) return 'the host could not be asked for its certificate';
    const label = `${entry.name}:${entry.port}`;
    const fetched = this.fetched.get(label);
    this.fetched.delete(label);
    this.certifiedType.delete(label);
    let blob: Buffer | null;
    try {
      blob = fetched !== undefined && certifies(fetched, key) ? fetched : await certificates(algorithms);
    } catch (err) {
      return `asking the host for its certificate failed: ${(err as Error).message}`;
    }
    if (blob === null) return `the host presents no certificate for its ${type} key`;
    const verdict = checkHostCertificate(blob, {
      hostKey: key,
      principal: entry.name,
      authorities: authorities.map((authority) => authority.keyBlob),
      isRevoked: (caKey) => knownHosts.check(entry.name, entry.port, caKey).kind === 'revoked',
      now: new Date(now),
    });
    if (!verdict.ok) return verdict.reason;
    this.certifiedType.set(label, type);
    this.certified.set(
      cacheKey,
      Math.min(Number.MAX_SAFE_INTEGER, Number(verdict.certificate.validBefore) * 1000),
    );
    return null;
  }

  private async onUnknown(
    host: ResolvedSshHost,
    key: Buffer,
    name: string,
    label: string,
    verdict: Extract<HostKeyVerdict, { kind: 'unknown' }>,
    knownHosts: KnownHosts,
    prompt: HostKeyPrompt | undefined,
    certificates: HostCertificateSource | undefined,
  ): Promise<HostKeyRefusal | null> {
    const file = host.userKnownHostsFiles[0];
    const entry = knownHostsKey(host);
    const remember = async () => {
      if (file)
        await knownHosts.add(file, entry.name, entry.port, key, { hash: host.hashKnownHosts === true });
    };
    const authorities = knownHosts.certAuthorities(entry.name, entry.port);
    let certAuthorityNote: string | undefined;
    if (authorities.length > 0) {
      // As ssh: a valid certificate settles it, without a question and without a known_hosts line.
      const fault = await this.certificateFault(host, key, authorities, knownHosts, certificates);
      if (fault === null) return null;
      certAuthorityNote = `${authorities[0].file}:${authorities[0].line} trusts a certificate authority (@cert-authority) for this host, but ${fault}.`;
    }
    const unknown = [
      `The authenticity of ${label} (${name}) can't be established: ${verdict.keyType} key fingerprint is ${verdict.fingerprint}.`,
      ...(certAuthorityNote ? [certAuthorityNote] : []),
    ].join(' ');
    switch (host.strictHostKeyChecking) {
      case 'no':
      case 'accept-new':
        await remember();
        return null;
      case 'yes':
        return {
          message: `${unknown} StrictHostKeyChecking is yes: add the key to ${file ?? 'known_hosts'} first.`,
        };
      case 'ask': {
        if (!prompt)
          return { message: `${unknown} Accept it in Watchfloor, or add it to ${file ?? 'known_hosts'}.` };
        const accepted = await prompt({
          host: name,
          hostName: host.hostName,
          port: host.port,
          fingerprint: verdict.fingerprint,
          keyType: verdict.keyType,
          certAuthorityNote,
        });
        if (!accepted) return { message: `${unknown} The key was not accepted.` };
        await remember();
        return null;
      }
    }
  }

  /** The host's known_hosts files (user's, then global), loaded once per set of files. */
  private knownHostsOf(host: ResolvedSshHost): Promise<KnownHosts> {
    const files = [...host.userKnownHostsFiles, ...host.globalKnownHostsFiles];
    const cacheKey = files.join('\0');
    let entry = this.cache.get(cacheKey);
    if (!entry) {
      entry = this.loadKnownHosts(files);
      entry.catch(() => this.cache.delete(cacheKey));
      this.cache.set(cacheKey, entry);
    }
    return entry;
  }
}

/** Certificate host key algorithms, in the order ssh offers them. */
const ALL_CERTIFICATE_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-rsa',
].flatMap(certificateAlgorithmsFor);

/** Whether a certificate blob certifies this very key (a blob that cannot be read does not). */
function certifies(blob: Buffer, key: Buffer): boolean {
  try {
    return parseCertificate(blob).publicKey.equals(key);
  } catch {
    return false;
  }
}

/** What known_hosts knows the host by: its HostKeyAlias as written (ssh adds no port to it), else [name]:port. */
function knownHostsKey(host: ResolvedSshHost): { name: string; port: number } {
  return host.hostKeyAlias !== null
    ? { name: host.hostKeyAlias, port: 22 }
    : { name: host.hostName, port: host.port };
}

function changedKeyMessage(
  label: string,
  name: string,
  verdict: Extract<HostKeyVerdict, { kind: 'changed' }>,
): string {
  const expected = verdict.expected
    .map((e) => `${e.keyType} ${e.fingerprint} (${e.file}:${e.line})`)
    .join(', ');
  return (
    `WARNING: the host key of ${label} (${name}) has CHANGED. It offered ${verdict.keyType} ${verdict.fingerprint}; ` +
    `known_hosts expects ${expected}. Someone could be intercepting the connection, or the host was reinstalled. ` +
    'Nothing was sent. If the change is expected, remove the old entry (ssh-keygen -R) and connect again.'
  );
}
