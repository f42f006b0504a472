import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BatchAssigner,
  IndexWorkerClient,
  type IndexBatch,
} from '../../../src/engine/search/remote-indexing';
import { SegmentIndex } from '../../../src/engine/search/segment-index';
import { LogWindow } from '../../../src/engine/store/log-window';
import { Segment } from '../../../src/engine/store/segment';
import type { LogEvent } from '../../../src/shared/types';
import { waitFor } from '../../harness/wait-for';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const BUILT_WORKER = path.resolve(__dirname, '../../../out/main/index-worker.js');
const WORDS = [
  'timeout',
  'refused',
  'order',
  'shipped',
  'payment',
  'declined',
  'cache',
  'miss',
  'Zürich',
  'café',
];

function message(i: number): string {
  const a = WORDS[(i * 7) % WORDS.length];
  const b = WORDS[(i * 3 + 1) % WORDS.length];
  return `${a} ${i % 5 === 0 ? b : 'ok'} id=${i} user${i % 13} took ${i % 97}ms`;
}

function batchOf(segment: Segment, from: number, to: number): IndexBatch {
  const base = segment.starts[from];
  return {
    segment: segment.firstRow,
    from,
    to,
    ascii: segment.ascii,
    bytes: segment.arena.subarray(base, segment.starts[to]).slice(),
    starts: segment.starts.slice(from, to + 1).map((s) => s - base),
  };
}

function rowsMatching(index: SegmentIndex, rows: number, text: string, prefix = false): number[] {
  const marks = index.matchTemplates([{ text, prefix }]);
  if (!marks) return [];
  return Array.from({ length: rows }, (_, r) => r).filter((r) => marks[index.templateOf[r]] === 1);
}

function events(count: number, firstTs = T0, firstSeq = 0, text = message): LogEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    seq: firstSeq + i,
    ts: firstTs + i,
    tsOrigin: 'parsed',
    host: 'web-1',
    app: 'shop',
    source: '/var/log/app.log',
    level: 'info',
    message: text(firstSeq + i),
  }));
}

describe('indexing on another thread', () => {
  it('builds, from batches of bytes, the same index as indexing in place (ASCII and UTF-8 rows)', () => {
    for (const ascii of [true, false]) {
      const segment = new Segment(0, 4096);
      for (let i = 0; i < 3000; i++) {
        const text = ascii ? message(i).replace(/[^\x20-\x7e]/g, 'u') : message(i);
        segment.append(i, i, 0, 0, text);
      }
      expect(segment.ascii).toBe(ascii);
      const inPlace = new SegmentIndex(segment);
      inPlace.indexTo(segment.count, Infinity);
      const applied = new SegmentIndex(segment);
      const assigner = new BatchAssigner();
      for (let from = 0; from < segment.count; from += 700) {
        const to = Math.min(segment.count, from + 700);
        applied.apply(assigner.assign(batchOf(segment, from, to)));
      }
      expect(applied.templates).toBe(inPlace.templates);
      // Same terms, postings and keys: the same memory by the index's own count.
      expect(applied.memoryBytes()).toBe(inPlace.memoryBytes());
      for (const [text, prefix] of [
        ['timeout', false],
        ['user7', false],
        ['ship', true],
        ['ok', false],
        [ascii ? 'zuurich' : 'zürich', false],
      ] as const) {
        const expected = rowsMatching(inPlace, segment.count, text, prefix);
        expect(rowsMatching(applied, segment.count, text, prefix)).toEqual(expected);
      }
      expect(rowsMatching(applied, segment.count, 'timeout').length).toBeGreaterThan(100);
    }
  });

  it.skipIf(!existsSync(BUILT_WORKER))(
    'indexes through the built worker thread, late rows merged in while a batch was away included',
    async () => {
      const logs = new LogWindow({ indexWorker: new IndexWorkerClient(BUILT_WORKER) });
      try {
        logs.store.add(events(6000));
        logs.store.flush();
        // The first rows are at the worker now; a late row lands among them: the rest is indexed again.
        logs.store.add([{ ...events(1, T0 + 3000, 0, () => 'straggler arrived late')[0], host: 'web-2' }]);
        logs.store.flush();
        await waitFor(() => logs.indexer.lagRows === 0, { what: 'the worker to index every row' });
        expect(logs.indexer.workerError).toBeNull();
        const late = logs.search({ query: 'straggler' });
        expect(late.scannedLines).toBe(0);
        expect(late.total).toBe(1);
        const common = logs.search({ query: 'timeout', limit: 100_000 });
        expect(common.scannedLines).toBe(0);
        const expected = events(6000).filter((e) => /\btimeout\b/.test(e.message)).length;
        expect(common.total).toBe(expected);
        expect(logs.search({ query: 'user12 declined' }).total).toBe(
          events(6000).filter((e) => /\buser12\b/.test(e.message) && /\bdeclined\b/.test(e.message)).length,
        );
      } finally {
        logs.dispose();
      }
    },
  );

  it.skipIf(!existsSync(BUILT_WORKER))(
    "sends views of the caller's memory, copied into memory shared with the worker or, while a batch is away, of their own",
    async () => {
      const segments = [0, 1, 2].map((k) => {
        const segment = new Segment(k * 2000, 2000);
        for (let i = 0; i < 2000; i++) segment.append(T0 + i, T0 + i, 0, 0, message(k * 1000 + i * (k + 1)));
        return segment;
      });
      const view = (segment: Segment): IndexBatch => ({
        ...batchOf(segment, 0, 2000),
        bytes: segment.arena.subarray(0, segment.starts[2000]),
      });
      const client = new IndexWorkerClient(BUILT_WORKER);
      try {
        // Two at once (the second cannot share memory with the first), then one after both came back.
        const [a, b] = await Promise.all([
          client.assign(view(segments[0])),
          client.assign(view(segments[1])),
        ]);
        const c = await client.assign(view(segments[2]));
        for (const [segment, result] of [
          [segments[0], a],
          [segments[1], b],
          [segments[2], c],
        ] as const) {
          const local = new BatchAssigner().assign(batchOf(segment, 0, 2000));
          expect(Array.from(result.templateOf)).toEqual(Array.from(local.templateOf));
          expect(result.newKeys).toEqual(local.newKeys);
          // The arena was copied, not handed over.
          expect(segment.message(1999)).toBe(
            message(segment.firstRow / 2 + 1999 * (segment.firstRow / 2000 + 1)),
          );
        }
      } finally {
        client.dispose();
      }
    },
  );

  it('goes on indexing in its own thread when the worker cannot start', async () => {
    const logs = new LogWindow({
      segmentRows: 4096,
      indexWorker: new IndexWorkerClient(path.join(__dirname, 'no-such-index-worker.js')),
    });
    try {
      logs.store.add(events(10_000));
      logs.store.flush();
      await waitFor(() => logs.indexer.lagRows === 0, { what: 'indexing to finish in this thread' });
      expect(logs.indexer.workerError).toMatch(/no-such-index-worker|Cannot find module/);
      expect(logs.search({ query: 'refused' }).scannedLines).toBe(0);
      expect(logs.search({ query: 'refused', limit: 100_000 }).total).toBe(
        events(10_000).filter((e) => /\brefused\b/.test(e.message)).length,
      );
    } finally {
      logs.dispose();
    }
  });
});
