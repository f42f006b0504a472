import type { ProfileHost } from '../../shared/profile-schema';
import type { HostEndpoint } from './host-connection';
import {
  parseJumpSpec,
  resolveSshHost,
  type ResolvedSshHost,
  type SshConfigContext,
} from './ssh-config-resolver';

const MAX_JUMP_DEPTH = 8;

/**
 * Resolves a profile host like ssh does: its address through ~/.ssh/config, the profile's port and user
 * taking precedence, then the ProxyJump chain (the profile's `jump`, else the config's), each hop
 * resolved through the config too. As with `ssh -J a,b`, each hop is reached through the one before it;
 * only the first hop's own ProxyJump is followed.
 */
export function resolveEndpoint(host: ProfileHost, ctx: SshConfigContext): HostEndpoint {
  // `[fe80::1%eth0]`: an IPv6 address written in brackets is the address without them, as for ssh.
  const address = /^\[([^\]]*:[^\]]*)\]$/.exec(host.address)?.[1] ?? host.address;
  const overrides = { port: host.port, user: host.user };
  const target = resolveSshHost(address, ctx, overrides);
  const hopSpecs = host.jump ? host.jump.split(',') : target.proxyJump;
  return {
    name: host.name,
    target,
    jumps: resolveHops(hopSpecs, ctx, 0),
    canonical: (fullName) => resolveSshHost(address, ctx, overrides, fullName),
  };
}

function resolveHops(specs: string[], ctx: SshConfigContext, depth: number): ResolvedSshHost[] {
  if (depth > MAX_JUMP_DEPTH)
    throw new Error(`ProxyJump chain is longer than ${MAX_JUMP_DEPTH} hops (a loop?)`);
  const hops = specs.map((spec) => {
    const { user, host, port } = parseJumpSpec(spec);
    const hop = resolveSshHost(host, ctx, { user, port });
    const rule = hop.canonicalization;
    if (rule)
      hop.unapplied.push(
        `${rule.where}: CanonicalizeHostname is not applied to ProxyJump hosts: "${hop.hostName}" is used as it is; name the jump host by its full name`,
      );
    return hop;
  });
  if (hops.length === 0) return hops;
  return [...resolveHops(hops[0].proxyJump, ctx, depth + 1), ...hops];
}
