import { describe, expect, it } from 'vitest';
import type { HeatmapCells, SessionInfo } from '../../../src/shared/api';
import type { HostStatus } from '../../../src/shared/types';
import { connectProgress, fleetTree, hostRates } from '../../../src/renderer/components/fleet/fleet-tree';

function session(applicationHosts?: Record<string, string[]>, applications = ['checkout']): SessionInfo {
  return {
    profileFile: 'shop.yaml',
    profileName: 'shop',
    environment: 'production',
    applications,
    hosts: [],
    startedAt: 1,
    applicationHosts,
  };
}

const statuses: Record<string, HostStatus> = {
  'web-10': { host: 'web-10', state: 'live' },
  'web-2': { host: 'web-2', state: 'failed', reason: 'refused' },
  'db-1': { host: 'db-1', state: 'standby' },
  'bastion-1': { host: 'bastion-1', state: 'live' },
};

describe('fleetTree', () => {
  it('groups hosts under their applications in reading order, inactive applications marked', () => {
    const tree = fleetTree(session({ checkout: ['web-10', 'web-2'], billing: ['db-1', 'web-2'] }), statuses);
    expect(tree.map((n) => [n.app, n.active, n.live, n.hosts.map((h) => h.host)])).toEqual([
      ['checkout', true, 1, ['web-2', 'web-10']],
      ['billing', false, 0, ['db-1', 'web-2']],
      ['other hosts', true, 1, ['bastion-1']],
    ]);
  });

  it('lists every host under the active applications when the engine does not say which has which', () => {
    const tree = fleetTree(session(undefined, ['checkout', 'billing']), statuses);
    expect(tree).toHaveLength(1);
    expect(tree[0].app).toBe('checkout, billing');
    expect(tree[0].hosts.map((h) => h.host)).toEqual(['bastion-1', 'db-1', 'web-2', 'web-10']);
  });

  it('shows hosts not heard of yet as standby', () => {
    const tree = fleetTree(session({ checkout: ['web-3'] }), {});
    expect(tree[0].hosts).toEqual([{ host: 'web-3', state: 'standby' }]);
  });
});

describe('connectProgress', () => {
  it('counts hosts asked to connect, leaving standby out', () => {
    const hosts: HostStatus[] = [
      { host: 'a', state: 'live' },
      { host: 'b', state: 'connecting' },
      { host: 'c', state: 'authenticating' },
      { host: 'd', state: 'reconnecting' },
      { host: 'e', state: 'failed' },
      { host: 'f', state: 'standby' },
    ];
    expect(connectProgress(hosts)).toEqual({ live: 1, total: 5, pending: 3, failed: 1 });
  });
});

describe('hostRates', () => {
  it('averages lines and errors over the complete buckets after the first', () => {
    const cells: HeatmapCells = {
      from: 0,
      bucketMs: 10_000,
      hosts: ['web-1', 'web-2'],
      times: [0, 10_000, 20_000, 30_000],
      errors: [
        [10, 20, 40, 999],
        [0, 0, 0, 0],
      ],
      warnings: [
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ],
      lines: [
        [100, 300, 100, 999],
        [50, 50, 0, 0],
      ],
    };
    expect(hostRates(cells, 35_000)).toEqual({
      'web-1': { linesPerSec: 20, errorsPerSec: 3 },
      'web-2': { linesPerSec: 2.5, errorsPerSec: 0 },
    });
    expect(hostRates(cells, 5_000)['web-1']).toEqual({ linesPerSec: 0, errorsPerSec: 0 });
  });

  it('counts a host from after its first bucket with lines, or from it when it is the only one', () => {
    const cells: HeatmapCells = {
      from: 0,
      bucketMs: 10_000,
      hosts: ['web-1'],
      times: [0, 10_000, 20_000, 30_000],
      errors: [[0, 0, 5, 30]],
      warnings: [[0, 0, 0, 0]],
      lines: [[0, 0, 60, 200]],
    };
    expect(hostRates(cells, 40_000)['web-1']).toEqual({ linesPerSec: 20, errorsPerSec: 3 });
    expect(hostRates(cells, 30_000)['web-1']).toEqual({ linesPerSec: 6, errorsPerSec: 0.5 });
  });
});
