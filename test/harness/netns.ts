import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { run } from './processes';

/**
 * Network namespaces in a line, for hosts that can be reached only through other hosts:
 *
 *   root ──veth── ns[0] ──veth── ns[1] ──veth── ns[2] …
 *
 * Each link is its own /30, and a namespace has only the routes of its own links (no default route,
 * IP forwarding off), so ns[i] can reach ns[i-1] and ns[i+1] and nothing further. The root namespace
 * gets an `unreachable` route for the chain's /24: without it, packets for the inner namespaces would
 * take the default route (on some test machines to a gateway that accepts any TCP connection); with
 * it, only ns[0], on its more specific link route, answers.
 */
export interface ChainedNamespace {
  /** The `ip netns` name. */
  name: string;
  /** This namespace's address on the link from the namespace before it (where that one reaches it). */
  address: string;
  /** The address of the namespace before it (the root namespace for the first) on that link. */
  peerAddress: string;
}

export interface NamespaceChain {
  namespaces: ChainedNamespace[];
  /** Deletes the namespaces (their veth pairs go with them); safe to call twice. */
  remove(): Promise<void>;
}

export function canUseNetns(): { ok: true } | { ok: false; why: string } {
  if (process.getuid?.() !== 0) return { ok: false, why: 'network namespaces need root' };
  if (spawnSync('ip', ['netns', 'list']).status !== 0)
    return { ok: false, why: '`ip netns` is not available (Debian package iproute2)' };
  return { ok: true };
}

export async function createNamespaceChain(labels: string[]): Promise<NamespaceChain> {
  const id = randomBytes(2).toString('hex');
  // 10.200-249.x.0/24, one /30 per link: unlikely to collide with a real network or another run.
  const prefix = `10.${200 + (randomBytes(1)[0] % 50)}.${randomBytes(1)[0]}`;
  const namespaces: ChainedNamespace[] = labels.map((label, i) => ({
    name: `wf-${id}-${label}`,
    address: `${prefix}.${4 * i + 2}`,
    peerAddress: `${prefix}.${4 * i + 1}`,
  }));
  const created: string[] = [];
  const links: string[] = [];
  const blackhole = `${prefix}.0/24`;
  let routed = false;
  let removed = false;
  const removeSync = (): void => {
    if (removed) return;
    removed = true;
    if (routed) spawnSync('ip', ['route', 'delete', 'unreachable', blackhole]);
    for (const name of created) spawnSync('ip', ['netns', 'delete', name]);
    // A root-side veth normally goes with its peer's namespace; this catches a half-built chain.
    for (const link of links) spawnSync('ip', ['link', 'delete', link], { stdio: 'ignore' });
  };
  // Namespaces outlive the process that made them: remove them even when a run is aborted.
  process.once('exit', removeSync);
  const remove = async (): Promise<void> => {
    process.removeListener('exit', removeSync);
    removeSync();
  };

  try {
    for (const [i, ns] of namespaces.entries()) {
      await run('ip', ['netns', 'add', ns.name]);
      created.push(ns.name);
      await run('ip', ['-n', ns.name, 'link', 'set', 'lo', 'up']);
      const near = `wf${id}v${i}a`;
      const far = `wf${id}v${i}b`;
      const previous = i === 0 ? null : namespaces[i - 1].name;
      const inPrevious = previous ? ['-n', previous] : [];
      await run('ip', [...inPrevious, 'link', 'add', near, 'type', 'veth', 'peer', 'name', far]);
      if (!previous) links.push(near);
      await run('ip', [...inPrevious, 'link', 'set', far, 'netns', ns.name]);
      await run('ip', [...inPrevious, 'addr', 'add', `${ns.peerAddress}/30`, 'dev', near]);
      await run('ip', [...inPrevious, 'link', 'set', near, 'up']);
      await run('ip', ['-n', ns.name, 'addr', 'add', `${ns.address}/30`, 'dev', far]);
      await run('ip', ['-n', ns.name, 'link', 'set', far, 'up']);
    }
    await run('ip', ['route', 'add', 'unreachable', blackhole]);
    routed = true;
  } catch (err) {
    await remove();
    throw err;
  }
  return { namespaces, remove };
}

/**
 * Tries a TCP connection from this (the root) namespace. Resolves with how it failed ("refused",
 * "timed out", an errno), or null when it connected.
 */
export function tcpConnectFailure(address: string, port: number, timeoutMs = 3000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(`timed out after ${timeoutMs} ms`);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(null);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(err.code ?? err.message);
    });
  });
}
