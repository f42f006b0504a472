import type { HeatmapCells, SessionInfo } from '../../../shared/api';
import type { HostState, HostStatus } from '../../../shared/types';

// Pure shaping of the fleet panel: the environment → application → host tree, connection progress and
// per-host rates.

export interface HostRates {
  linesPerSec: number;
  errorsPerSec: number;
}

export interface AppNode {
  app: string;
  active: boolean;
  hosts: HostStatus[];
  live: number;
}

const collator = new Intl.Collator('en', { numeric: true });

/** Applications with their hosts in reading order; hosts of no application are listed under "other hosts". */
export function fleetTree(session: SessionInfo, statuses: Record<string, HostStatus>): AppNode[] {
  const status = (host: string): HostStatus => statuses[host] ?? { host, state: 'standby' };
  const byApp = session.applicationHosts ?? { [session.applications.join(', ') || 'hosts']: [] };
  const placed = new Set<string>();
  const nodes: AppNode[] = Object.entries(byApp).map(([app, hosts]) => {
    hosts.forEach((h) => placed.add(h));
    return node(app, session.applications.includes(app), hosts.map(status));
  });
  const rest = Object.keys(statuses).filter((h) => !placed.has(h));
  if (rest.length > 0) {
    if (session.applicationHosts) nodes.push(node('other hosts', true, rest.map(status)));
    else nodes[0].hosts = sortStatuses(rest.map(status));
  }
  return nodes;
}

function node(app: string, active: boolean, hosts: HostStatus[]): AppNode {
  const sorted = sortStatuses(hosts);
  return { app, active, hosts: sorted, live: sorted.filter((h) => h.state === 'live').length };
}

function sortStatuses(hosts: HostStatus[]): HostStatus[] {
  return [...hosts].sort((a, b) => collator.compare(a.host, b.host));
}

export interface ConnectProgress {
  live: number;
  /** Hosts asked to connect (every host not in standby). */
  total: number;
  /** Still on their way: connecting, authenticating or waiting to reconnect. */
  pending: number;
  failed: number;
}

const PENDING: readonly HostState[] = ['connecting', 'authenticating', 'reconnecting'];

export function connectProgress(hosts: readonly HostStatus[]): ConnectProgress {
  let live = 0;
  let total = 0;
  let pending = 0;
  let failed = 0;
  for (const h of hosts) {
    if (h.state === 'standby') continue;
    total++;
    if (h.state === 'live') live++;
    else if (h.state === 'failed') failed++;
    else if (PENDING.includes(h.state)) pending++;
  }
  return { live, total, pending, failed };
}

/**
 * Lines/s and errors/s of each host over the complete buckets of a short heatmap, counted after the host's
 * first bucket with lines: a host that just connected is not averaged with the time before it, nor with
 * the part of a bucket it missed.
 */
export function hostRates(cells: HeatmapCells, now: number): Record<string, HostRates> {
  const complete = cells.times.filter((t) => t + cells.bucketMs <= now).length;
  const rates: Record<string, HostRates> = {};
  cells.hosts.forEach((host, h) => {
    let first = 0;
    while (first < complete && cells.lines[h][first] === 0) first++;
    if (first + 1 < complete) first++;
    let lines = 0;
    let errors = 0;
    for (let i = first; i < complete; i++) {
      lines += cells.lines[h][i];
      errors += cells.errors[h][i];
    }
    const seconds = ((complete - first) * cells.bucketMs) / 1000;
    rates[host] = seconds > 0 ? { linesPerSec: lines / seconds, errorsPerSec: errors / seconds } : zero();
  });
  return rates;
}

function zero(): HostRates {
  return { linesPerSec: 0, errorsPerSec: 0 };
}
