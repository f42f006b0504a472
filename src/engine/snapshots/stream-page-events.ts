import type { RequestParams, StreamPage } from '../../shared/api';
import type { SnapshotEvent } from './snapshot-source';

export type StreamPageReader = (params: RequestParams<'getStreamPage'>) => Promise<StreamPage>;

const PAGE = 2000;

/**
 * The merged view's rows as snapshot events, page by page from the first row still in the window (or from
 * absolute row `fromRow`, when it is still in the window). The
 * position is kept in absolute terms (evicted rows included); when the window moves between two requests
 * the page is read again at the right place, so no row is read twice or skipped (rows evicted before they
 * were reached are gone). `index` is dropped.
 */
export async function* streamPageEvents(
  read: StreamPageReader,
  fromRow = 0,
): AsyncGenerator<SnapshotEvent[]> {
  let evicted = (await read({ from: 0, count: 0 })).evicted;
  let next = Math.max(evicted, fromRow);
  for (;;) {
    const from = Math.max(0, next - evicted);
    const page = await read({ from, count: PAGE });
    if (page.evicted !== evicted) {
      evicted = page.evicted;
      continue;
    }
    if (page.rows.length === 0) return;
    next = evicted + from + page.rows.length;
    yield page.rows.map(({ index: _index, ...event }) => event);
    if (page.rows.length < PAGE) return;
  }
}
