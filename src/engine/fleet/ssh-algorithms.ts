import type { Algorithms } from 'ssh2';
import ssh2 from 'ssh2/lib/protocol/constants.js';

/** The algorithm lists ~/.ssh/config may set, by ssh2's name for them. */
export type AlgorithmKind = 'kex' | 'cipher' | 'hmac' | 'serverHostKey';

/** ssh_config keywords of the algorithm lists, as ssh_config(5) spells them. */
export const ALGORITHM_KEYWORDS: Readonly<Record<AlgorithmKind, string>> = {
  kex: 'KexAlgorithms',
  cipher: 'Ciphers',
  hmac: 'MACs',
  serverHostKey: 'HostKeyAlgorithms',
};

/** A list as ~/.ssh/config writes it (`a,b`, `+a`, `-a*`, `^a`), and where. */
export interface AlgorithmSetting {
  keyword: string;
  spec: string;
  /** "file line N", for messages. */
  where: string;
}

export type AlgorithmSettings = Partial<Record<AlgorithmKind, AlgorithmSetting>>;

const LISTS: Record<AlgorithmKind, { defaults: string[]; supported: string[] }> = {
  kex: { defaults: ssh2.DEFAULT_KEX, supported: ssh2.SUPPORTED_KEX },
  cipher: { defaults: ssh2.DEFAULT_CIPHER, supported: ssh2.SUPPORTED_CIPHER },
  hmac: { defaults: ssh2.DEFAULT_MAC, supported: ssh2.SUPPORTED_MAC },
  serverHostKey: { defaults: ssh2.DEFAULT_SERVER_HOST_KEY, supported: ssh2.SUPPORTED_SERVER_HOST_KEY },
};

/**
 * The algorithms to offer, as ssh applies KexAlgorithms, Ciphers, MACs and HostKeyAlgorithms to its
 * defaults: a list replaces them, `+` appends, `-` removes, `^` puts first, and names may hold `*` and
 * `?` wildcards. Names the SSH library does not implement are left out (ssh's own list differs from
 * it); a setting that leaves none throws, naming its line. `hostKeyDefaults` replaces the default
 * host key order (known key types first). Undefined when nothing differs from the library's defaults.
 */
export function offeredAlgorithms(
  settings: AlgorithmSettings,
  hostKeyDefaults?: string[],
): Algorithms | undefined {
  const offered: Partial<Record<AlgorithmKind, string[]>> = {};
  if (hostKeyDefaults) offered.serverHostKey = hostKeyDefaults;
  for (const kind of Object.keys(LISTS) as AlgorithmKind[]) {
    const setting = settings[kind];
    if (!setting) continue;
    const base = offered[kind] ?? LISTS[kind].defaults;
    const list = applySpec(setting.spec, base, LISTS[kind].supported);
    if (list.length === 0)
      throw new Error(
        `${setting.where}: ${setting.keyword} ${setting.spec} leaves no algorithm that Watchfloor's SSH library implements (${LISTS[kind].supported.join(', ')})`,
      );
    offered[kind] = list;
  }
  return Object.keys(offered).length > 0 ? (offered as Algorithms) : undefined;
}

function applySpec(spec: string, base: string[], supported: string[]): string[] {
  const operator = /^[-+^]/.test(spec) ? spec[0] : '';
  const patterns = spec
    .slice(operator.length)
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map(wildcard);
  // The implemented algorithms the patterns name, in the order written.
  const named = [...new Set(patterns.flatMap((p) => supported.filter((name) => p.test(name))))];
  switch (operator) {
    case '+':
      return [...base, ...named.filter((name) => !base.includes(name))];
    case '-':
      return base.filter((name) => !patterns.some((p) => p.test(name)));
    case '^':
      return [...named, ...base.filter((name) => !named.includes(name))];
    default:
      return named;
  }
}

function wildcard(pattern: string): RegExp {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}

const MISMATCHES: [RegExp, AlgorithmKind, string][] = [
  [/no matching key exchange/i, 'kex', 'key exchange algorithms'],
  [/no matching host key/i, 'serverHostKey', 'host key algorithms'],
  [/no matching (C->S|S->C) cipher/i, 'cipher', 'ciphers'],
  [/no matching (C->S|S->C) MAC/i, 'hmac', 'MACs'],
];

/** Which list a failed handshake found nothing in common in, from the SSH library's error; null for another error. */
export function mismatchedList(message: string): AlgorithmKind | null {
  return MISMATCHES.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}

/**
 * Says what the host offers in the list that had nothing in common, and how to allow one of them for
 * this host, as one would for ssh (an old sshd or appliance that only speaks retired algorithms).
 */
export function describeMismatch(kind: AlgorithmKind, offeredByHost: string[], where: string): string {
  const noun = MISMATCHES.find(([, k]) => k === kind)![2];
  const usable = offeredByHost.filter((name) => LISTS[kind].supported.includes(name));
  const head = `${where} offers only the ${noun} ${offeredByHost.join(', ')}, none of which Watchfloor offered.`;
  if (usable.length === 0) return `${head} Its SSH library implements none of them either.`;
  return `${head} If you accept ${usable[0]} for this host, allow it in ~/.ssh/config as for ssh: ${ALGORITHM_KEYWORDS[kind]} +${usable[0]}`;
}
