import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { CanonicalizationRule, ResolvedSshHost } from './ssh-config-resolver';

/** Resolves a name to an address; rejects when it has none. */
export type HostLookup = (name: string) => Promise<string>;

export const systemLookup: HostLookup = async (name) => (await dnsLookup(name)).address;

/** A host name made full by CanonicalizeHostname, and the address found for it. */
export interface CanonicalName {
  name: string;
  address: string;
}

/**
 * What ssh's CanonicalizeHostname makes of a host's name: for a host reached directly (any host with
 * `always`), a name with at most CanonicalizeMaxDots dots is completed with each CanonicalDomains suffix in
 * turn until one resolves; a name ending in a dot is taken as full. Addresses are left as they are. Null
 * when the name stays as it is; throws when nothing resolves and CanonicalizeFallbackLocal is off.
 *
 * Unlike ssh, the full name is looked up without a trailing dot, so that names in /etc/hosts resolve; the
 * resolver's search domains may then apply to it too.
 */
export async function canonicalHostName(
  host: ResolvedSshHost,
  viaProxy: boolean,
  lookup: HostLookup,
): Promise<CanonicalName | null> {
  const rule = host.canonicalization;
  if (rule === undefined || (viaProxy && rule.mode !== 'always')) return null;
  const name = host.hostName.toLowerCase();
  if (isIP(name.replace(/^\[|\]$/g, '')) !== 0) return null;
  if (name.endsWith('.')) {
    const full = name.slice(0, -1);
    const address = await lookup(full).catch(() => null);
    return address === null ? fallBack(rule, name, [full]) : { name: full, address };
  }
  if (name.split('.').length - 1 > rule.maxDots) return null;
  const tried: string[] = [];
  for (const domain of rule.domains) {
    const full = `${name}.${domain.toLowerCase().replace(/\.$/, '')}`;
    tried.push(full);
    const address = await lookup(full).catch(() => null);
    if (address !== null) return { name: full, address };
  }
  return fallBack(rule, name, tried);
}

function fallBack(rule: CanonicalizationRule, name: string, tried: string[]): null {
  if (rule.fallbackLocal) return null;
  const names = tried.length > 0 ? `: tried ${tried.join(', ')}` : ' (CanonicalDomains names none)';
  throw new Error(
    `${rule.where}: CanonicalizeHostname could not make a full name of "${name}"${names}, and CanonicalizeFallbackLocal is no`,
  );
}
