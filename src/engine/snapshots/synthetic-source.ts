import type { Profile } from '../../shared/profile-schema';
import type { SnapshotEvent, SnapshotSource } from './snapshot-source';

export interface SyntheticOptions {
  events: number;
  hosts: number;
  /** Window start, epoch ms. */
  from: number;
  durationMs: number;
  pageSize?: number;
  /** Lines planted at evenly spread positions (e.g. secrets a test then searches for). */
  planted?: string[];
}

const PATHS = ['/api/cart', '/api/checkout', '/api/orders', '/health', '/api/payment'];

/**
 * A fleet's worth of web-service lines for benchmarks and tests: hosts web-1…, an error burst in the last
 * fifth, a gap marker, optional planted lines. Pages are produced on demand, so a million events cost no
 * more memory than one page.
 */
export function syntheticSource(options: SyntheticOptions): SnapshotSource {
  const hosts = Array.from({ length: options.hosts }, (_, i) => `web-${i + 1}`);
  const profile: Profile = {
    name: 'synthetic',
    environments: [
      {
        name: 'production',
        hosts: hosts.map((name, i) => ({ name, address: `10.0.0.${i + 1}` })),
        applications: [
          { name: 'checkout', hosts, logs: [{ path: '/var/log/checkout/app.log', format: 'auto' }] },
        ],
      },
    ],
  };
  const step = options.durationMs / Math.max(1, options.events);
  const planted = options.planted ?? [];
  const plantEvery = planted.length ? Math.max(1, Math.floor(options.events / planted.length)) : Infinity;
  const burstFrom = Math.floor(options.events * 0.8);
  const pageSize = options.pageSize ?? 2000;

  // Messages are built once and reused, as a store hands out strings it already holds: the cost measured
  // is the export's, not the making of test text.
  const infoLines = Array.from(
    { length: 8192 },
    (_, i) =>
      `GET ${PATHS[i % PATHS.length]}/${i % 977} 200 ${(i * 7) % 300}ms req=${(i * 7919).toString(16)} user=${i % 5000} region=eu-west-1`,
  );
  const errorLines = Array.from(
    { length: 1024 },
    (_, i) =>
      `upstream timed out after ${1000 + (i % 500)} ms while proxying POST ${PATHS[i % PATHS.length]} req=${(i * 7919).toString(16)} pool=payments`,
  );
  const gapAt = Math.floor(options.events / 2) + 1;

  function event(i: number): SnapshotEvent {
    const ts = Math.floor(options.from + i * step);
    const host = hosts[i % hosts.length];
    const app = 'checkout';
    const source = '/var/log/checkout/app.log';
    if (i === gapAt) {
      return {
        ts,
        tsOrigin: 'parsed',
        host,
        app,
        source,
        level: null,
        message: 'no data for 12 s',
        marker: 'gap',
      };
    }
    if (i % plantEvery === Math.floor(plantEvery / 2) && Math.floor(i / plantEvery) < planted.length) {
      return {
        ts,
        tsOrigin: 'parsed',
        host,
        app,
        source,
        level: 'warn',
        message: planted[Math.floor(i / plantEvery)],
      };
    }
    const failing = i >= burstFrom && i % 7 === 0;
    return failing
      ? {
          ts,
          tsOrigin: 'parsed',
          host,
          app,
          source,
          level: 'error',
          message: errorLines[i % errorLines.length],
        }
      : {
          ts,
          tsOrigin: 'parsed',
          host,
          app,
          source,
          level: 'info',
          message: infoLines[i % infoLines.length],
        };
  }

  return {
    profile,
    environment: 'production',
    applications: ['checkout'],
    hosts,
    window: { from: options.from, to: options.from + options.durationMs },
    expectedEvents: options.events,
    async *events() {
      for (let start = 0; start < options.events; start += pageSize) {
        const page: SnapshotEvent[] = [];
        for (let i = start; i < Math.min(options.events, start + pageSize); i++) page.push(event(i));
        yield page;
      }
    },
  };
}
