import type { HostStatus } from '../shared/types';
import type { Engine } from '../engine/engine';

/**
 * Resolves once every host has either gone live or had its first attempt fail (failed, or reconnecting),
 * with each host's status at that moment.
 */
export function waitForHosts(engine: Engine, hosts: string[]): Promise<HostStatus[]> {
  const settled = new Map<string, HostStatus>();
  return new Promise((resolve) => {
    const subscription = engine.events.on('hostStatus', (status) => {
      if (!hosts.includes(status.host)) return;
      if (status.state === 'live' || status.state === 'failed' || status.state === 'reconnecting') {
        settled.set(status.host, status);
      }
      if (settled.size === hosts.length) {
        subscription.dispose();
        resolve(hosts.map((h) => settled.get(h)!));
      }
    });
  });
}
