import type { RequestParams, StreamPage } from '../../shared/api';
import type { SnapshotEvent } from './snapshot-source';

export type StreamPageReader = (params: RequestParams<'getStreamPage'>) => Promise<StreamPage>;

const PAGE = 2000;

/**
 * The merged view's rows as snapshot events, page by page from the first row still in the window. Rows
 * evicted while reading are skipped (the position is kept in absolute terms, evicted rows included), so a
 * page is never read twice; `index` is dropped.
 */
export async function* streamPageEvents(read: StreamPageReader): AsyncGenerator<SnapshotEvent[]> {
  let next = (await read({ from: 0, count: 0 })).evicted;
  for (;;) {
    const head = await read({ from: 0, count: 0 });
    const from = Math.max(0, next - head.evicted);
    const page = await read({ from, count: PAGE });
    if (page.rows.length === 0) return;
    next = page.evicted + from + page.rows.length;
    yield page.rows.map(({ index: _index, ...event }) => event);
    if (page.rows.length < PAGE) return;
  }
}
