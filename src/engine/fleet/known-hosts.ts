import { createHmac, randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fingerprintSha256, keyType as keyTypeOf } from './host-key-fingerprint';
import { matchPatternList } from './ssh-config-patterns';

export interface KnownKeyLocation {
  fingerprint: string;
  keyType: string;
  file: string;
  line: number;
}

export type HostKeyVerdict =
  | { kind: 'known'; file: string; line: number }
  /** otherTypes: keys of other types recorded for this host; OpenSSH warns about them but still asks. */
  | { kind: 'unknown'; fingerprint: string; keyType: string; otherTypes: KnownKeyLocation[] }
  | { kind: 'changed'; fingerprint: string; keyType: string; expected: KnownKeyLocation[] }
  | { kind: 'revoked'; fingerprint: string; file: string; line: number };

export interface KnownHostsProblem {
  file: string;
  line: number;
  message: string;
}

export interface CertAuthority extends KnownKeyLocation {
  keyBlob: Buffer;
}

type HostMatcher = { kind: 'hashed'; salt: Buffer; hash: Buffer } | { kind: 'patterns'; patterns: string[] };

interface KnownHostEntry extends KnownKeyLocation {
  marker: 'none' | 'revoked' | 'cert-authority';
  hosts: HostMatcher;
  keyBlob: Buffer;
}

const HASH_MAGIC = '|1|';
const SHA1_LENGTH = 20;

/**
 * The host keys from known_hosts files, checked the way ssh(1) checks them: wildcards and negation, hashed
 * host names, `[host]:port` for non-standard ports, `@revoked` and `@cert-authority` markers.
 */
export class KnownHosts {
  readonly problems: KnownHostsProblem[] = [];
  private readonly entries: KnownHostEntry[] = [];

  /** Files that do not exist count as empty, as they do for ssh. */
  static async load(files: string[]): Promise<KnownHosts> {
    const knownHosts = new KnownHosts();
    for (const file of files) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') continue;
        throw new Error(`Cannot read known_hosts file ${file}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      knownHosts.addText(text, file);
    }
    return knownHosts;
  }

  static parse(text: string, file: string): KnownHosts {
    const knownHosts = new KnownHosts();
    knownHosts.addText(text, file);
    return knownHosts;
  }

  check(host: string, port: number, keyBlob: Buffer): HostKeyVerdict {
    const fingerprint = fingerprintSha256(keyBlob);
    const type = keyTypeOf(keyBlob);
    const forHost = this.entriesFor(host, port);

    // A revoked key is refused even when another line lists it as known.
    const revoked = forHost.find((entry) => entry.marker === 'revoked' && entry.keyBlob.equals(keyBlob));
    if (revoked) return { kind: 'revoked', fingerprint, file: revoked.file, line: revoked.line };

    const plain = forHost.filter((entry) => entry.marker === 'none');
    const same = plain.find((entry) => entry.keyBlob.equals(keyBlob));
    if (same) return { kind: 'known', file: same.file, line: same.line };

    const family = keyFamily(type);
    const sameType = plain.filter((entry) => keyFamily(entry.keyType) === family).map(location);
    if (sameType.length > 0) return { kind: 'changed', fingerprint, keyType: type, expected: sameType };
    return { kind: 'unknown', fingerprint, keyType: type, otherTypes: plain.map(location) };
  }

  /** Types of the keys known for this host (revoked and CA lines aside), in file order, each once. */
  knownKeyTypes(host: string, port: number): string[] {
    const types = this.entriesFor(host, port)
      .filter((entry) => entry.marker === 'none')
      .map((entry) => entry.keyType);
    return [...new Set(types)];
  }

  /** The `@cert-authority` keys trusted to sign host certificates for this host. */
  certAuthorities(host: string, port: number): CertAuthority[] {
    return this.entriesFor(host, port)
      .filter((entry) => entry.marker === 'cert-authority')
      .map((entry) => ({ ...location(entry), keyBlob: entry.keyBlob }));
  }

  /**
   * Appends `[host]:port type base64` (or `host type base64` for port 22) to file, creating its directory
   * (0700) and the file (0600) if needed; the in-memory set learns it too.
   */
  async add(
    file: string,
    host: string,
    port: number,
    keyBlob: Buffer,
    options: { hash?: boolean } = {},
  ): Promise<void> {
    const type = keyTypeOf(keyBlob);
    const hostField = options.hash ? hashHostName(hostPortString(host, port)) : hostPortString(host, port);
    const text = `${hostField} ${type} ${keyBlob.toString('base64')}\n`;

    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const { existingLines, endsWithNewline } = await describeFile(file);
    await appendFile(file, endsWithNewline ? text : `\n${text}`, { mode: 0o600 });

    const lineNumber = existingLines + 1;
    const entry = parseLine(text.trimEnd(), file, lineNumber);
    if (typeof entry === 'string') throw new Error(`${file}:${lineNumber}: ${entry}`);
    if (entry) this.entries.push(entry);
  }

  private addText(text: string, file: string): void {
    text.split(/\r?\n/).forEach((raw, index) => {
      const entry = parseLine(raw, file, index + 1);
      if (typeof entry === 'string') this.problems.push({ file, line: index + 1, message: entry });
      else if (entry) this.entries.push(entry);
    });
  }

  private entriesFor(host: string, port: number): KnownHostEntry[] {
    const name = hostPortString(host, port);
    return this.entries.filter((entry) => hostMatches(entry.hosts, name));
  }
}

/** ssh writes a non-standard port as `[host]:port`; a plain name in known_hosts means port 22. */
function hostPortString(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 || port === 0 ? name : `[${name}]:${port}`;
}

function hostMatches(hosts: HostMatcher, name: string): boolean {
  if (hosts.kind === 'hashed') return hmacSha1(hosts.salt, name).equals(hosts.hash);
  return matchPatternList(name, hosts.patterns, { ignoreCase: true }) === 'match';
}

function hashHostName(name: string): string {
  const salt = randomBytes(SHA1_LENGTH);
  return `${HASH_MAGIC}${salt.toString('base64')}|${hmacSha1(salt, name).toString('base64')}`;
}

function hmacSha1(salt: Buffer, name: string): Buffer {
  return createHmac('sha1', salt).update(name).digest();
}

/** ECDSA keys on different curves are one type to ssh when it decides between "changed" and "new". */
function keyFamily(type: string): string {
  return type.startsWith('ecdsa-sha2-') ? 'ecdsa' : type;
}

function location(entry: KnownHostEntry): KnownKeyLocation {
  return { fingerprint: entry.fingerprint, keyType: entry.keyType, file: entry.file, line: entry.line };
}

/** An entry, null for blank and comment lines, or the reason the line was skipped. */
function parseLine(raw: string, file: string, line: number): KnownHostEntry | null | string {
  const fields = raw.trim().split(/[ \t]+/);
  if (fields[0] === '' || fields[0].startsWith('#')) return null;

  let marker: KnownHostEntry['marker'] = 'none';
  if (fields[0].startsWith('@')) {
    if (fields[0] === '@revoked') marker = 'revoked';
    else if (fields[0] === '@cert-authority') marker = 'cert-authority';
    else return `unknown marker ${fields[0]}`;
    fields.shift();
  }

  const [hostField, declaredType, base64] = fields;
  if (!hostField || !declaredType) return 'missing host names or key';
  const hosts = parseHostField(hostField);
  if (typeof hosts === 'string') return hosts;
  if (/^\d+$/.test(declaredType)) return 'SSH protocol 1 keys are not supported';
  if (!base64) return `missing key data after ${declaredType}`;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return 'key data is not base64';

  const keyBlob = Buffer.from(base64, 'base64');
  let blobType: string;
  try {
    blobType = keyTypeOf(keyBlob);
  } catch (error) {
    return (error as Error).message;
  }
  if (blobType !== declaredType) return `key type ${declaredType} does not match the key data (${blobType})`;
  return { file, line, marker, hosts, keyType: blobType, keyBlob, fingerprint: fingerprintSha256(keyBlob) };
}

function parseHostField(field: string): HostMatcher | string {
  if (!field.startsWith(HASH_MAGIC)) return { kind: 'patterns', patterns: field.split(',') };
  const [salt64, hash64, extra] = field.slice(HASH_MAGIC.length).split('|');
  if (!salt64 || !hash64 || extra !== undefined) return 'malformed hashed host name';
  const salt = Buffer.from(salt64, 'base64');
  const hash = Buffer.from(hash64, 'base64');
  if (salt.length !== SHA1_LENGTH || hash.length !== SHA1_LENGTH) return 'malformed hashed host name';
  return { kind: 'hashed', salt, hash };
}

/** Line count and trailing newline of a file about to be appended to; a missing file is empty. */
async function describeFile(file: string): Promise<{ existingLines: number; endsWithNewline: boolean }> {
  let content = '';
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`Cannot read known_hosts file ${file}: ${(error as Error).message}`, { cause: error });
    }
  }
  if (content === '') return { existingLines: 0, endsWithNewline: true };
  const newlines = content.split('\n').length - 1;
  const endsWithNewline = content.endsWith('\n');
  return { existingLines: endsWithNewline ? newlines : newlines + 1, endsWithNewline };
}
