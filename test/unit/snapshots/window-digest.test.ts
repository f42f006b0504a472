import { describe, expect, it } from 'vitest';
import type { StreamPage } from '../../../src/shared/api';
import type { StreamRow } from '../../../src/shared/types';
import type { SnapshotEvent } from '../../../src/engine/snapshots/snapshot-source';
import { streamPageEvents } from '../../../src/engine/snapshots/stream-page-events';
import { niceBucketMs, WindowDigest } from '../../../src/engine/snapshots/window-digest';

const T = Date.UTC(2024, 4, 1, 12, 0, 0);

const event = (i: number, host = 'web-1', level: SnapshotEvent['level'] = 'info'): SnapshotEvent => ({
  ts: T + i * 1000,
  tsOrigin: 'parsed',
  host,
  app: 'checkout',
  source: '/var/log/app.log',
  level,
  message: `line ${i}`,
});

describe('window digest', () => {
  it('picks a bucket width people read easily', () => {
    expect(niceBucketMs({ from: 0, to: 3_600_000 }, 180)).toBe(30_000);
    expect(niceBucketMs({ from: 0, to: 600_000 }, 180)).toBe(5_000);
  });

  it('counts lines and errors per host per bucket, markers apart', () => {
    const digest = new WindowDigest({ from: T, to: T + 59_000 }, ['web-1', 'web-2'], {
      buckets: 6,
      excerptHead: 10,
      excerptTail: 10,
      errorSample: 10,
    });
    digest.add(event(0));
    digest.add(event(1, 'web-2', 'error'));
    digest.add(event(15, 'web-3', 'fatal'));
    digest.add({ ...event(16), level: null, marker: 'gap' });
    const heatmap = digest.heatmap();
    expect(heatmap.hosts).toEqual(['web-1', 'web-2', 'web-3']);
    expect(heatmap.bucketMs).toBe(10_000);
    expect(heatmap.lines).toEqual([
      [1, 0, 0, 0, 0, 0],
      [1, 0, 0, 0, 0, 0],
      [0, 1, 0, 0, 0, 0],
    ]);
    expect(heatmap.errors[2][1]).toBe(1);
    expect(digest.lines).toBe(3);
    expect(digest.markers).toEqual({ gap: 1 });
  });

  it('mines error signatures as the live workbench does: without the header every line shares', () => {
    const digest = new WindowDigest({ from: T, to: T + 60_000 }, [], {
      buckets: 6,
      excerptHead: 0,
      excerptTail: 0,
      errorSample: 100,
    });
    for (let i = 0; i < 6; i++) {
      const host = `web-${1 + (i % 2)}`;
      const line = `2026-12-02T06:06:4${i}.969Z ERROR checkout[${host}] request handled seq=${i} upstream timed out`;
      digest.add({ ...event(i, host, 'error'), message: line });
    }
    const [signature, ...others] = digest.signatures();
    expect(others).toEqual([]);
    expect(signature).toMatchObject({ template: 'request handled seq=<NUM> upstream timed out', count: 6 });
    expect(signature.example).toContain('checkout[web-1]');
  });

  it('keeps the first and the last lines for the excerpt, in order, and counts those left out', () => {
    const digest = new WindowDigest({ from: T, to: T + 100_000 }, [], {
      buckets: 10,
      excerptHead: 3,
      excerptTail: 4,
      errorSample: 0,
    });
    for (let i = 0; i < 20; i++) digest.add(event(i));
    expect(digest.excerpt().map((e) => e.message)).toEqual([
      'line 0',
      'line 1',
      'line 2',
      'line 16',
      'line 17',
      'line 18',
      'line 19',
    ]);
    expect(digest.omittedFromExcerpt()).toBe(13);
  });
});

describe('stream page events', () => {
  it('reads every row once, in order, even while older rows are evicted between pages', async () => {
    const rows: StreamRow[] = Array.from({ length: 5000 }, (_, i) => ({ index: i, ...event(i) }));
    let evicted = 0;
    let reads = 0;
    const read = async ({ from, count }: { from: number; count: number }): Promise<StreamPage> => {
      if (count > 0 && ++reads === 2) evicted = 1500; // the window moves after the first page
      const live = rows.slice(evicted);
      return { total: live.length, evicted, rows: live.slice(from, from + count) };
    };
    const seen: SnapshotEvent[] = [];
    for await (const page of streamPageEvents(read)) seen.push(...page);
    expect(seen.map((e) => e.message)).toEqual(rows.map((r) => r.message));
    expect(seen[0]).not.toHaveProperty('index');
  });
});
