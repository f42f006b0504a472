import { describe, expect, it } from 'vitest';
import { LogWindow } from '../../../src/engine/store/log-window';
import type { LogEvent } from '../../../src/shared/types';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);

function events(count: number): LogEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    seq: i,
    ts: T0 + i,
    tsOrigin: 'parsed',
    host: 'web-1',
    app: 'shop',
    source: '/var/log/app.log',
    level: 'info',
    message: `request ${i} handled for user${i % 97} in ${i % 13}ms`,
  }));
}

describe('the indexer behind the ingest path', () => {
  it('reports its progress after the lines stop, ending with a report at zero lag', async () => {
    const logs = new LogWindow({ segmentRows: 4096, indexSliceMs: 1 });
    const lags: number[] = [];
    const caughtUp = new Promise<void>((resolve) =>
      logs.indexer.onProgress(() => {
        lags.push(logs.indexer.lagRows);
        if (logs.indexer.lagRows === 0) resolve();
      }),
    );
    try {
      logs.store.add(events(30_000));
      logs.store.commit();
      expect(logs.indexer.lagRows).toBe(30_000);
      await caughtUp;
      expect(lags.at(-1)).toBe(0);
      expect(logs.search({ query: 'handled' }).scannedLines).toBe(0);
    } finally {
      logs.dispose();
    }
  });
});
