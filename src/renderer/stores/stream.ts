import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, watch } from 'vue';
import type { StreamRow } from '../../shared/types';
import { api, events } from '../api';
import { RowCache } from '../composables/row-cache';

/** A row with its number for the whole session (index + evicted), which eviction never shifts. */
export type NumberedRow = StreamRow & { number: number };

const CACHE_ROWS = 20_000;
const MAX_PER_REQUEST = 2000;
const UTC_KEY = 'watchfloor.stream.utc';

/**
 * The merged stream as the views need it: the window's extent, rows fetched on demand by session row
 * number (kept across deltas: only rows from the delta's first changed row on are fetched again), the
 * follow/pause state, the selection and the cursor.
 */
export const useStreamStore = defineStore('stream', () => {
  const total = ref(0);
  const evicted = ref(0);
  const indexLagLines = ref(0);
  const following = ref(true);
  const utc = ref(readFlag(UTC_KEY));
  /** Bumped whenever rows arrive or change, so views re-read them. */
  const version = ref(0);
  /** Bumped on every delta (new, moved or evicted rows). */
  const deltas = ref(0);
  const selected = shallowRef<ReadonlySet<number>>(new Set());
  const anchor = ref<number | null>(null);
  /** The row j/k move from, and the one the context view opens on. */
  const cursor = ref<number | null>(null);
  const fetchError = ref<string | null>(null);

  const end = computed(() => evicted.value + total.value);
  const cache = new RowCache<NumberedRow>(CACHE_ROWS);
  const wanted = new Set<number>();
  let flushScheduled = false;

  watch(utc, (value) => writeFlag(UTC_KEY, value));

  events.on('streamDelta', (delta) => {
    const previousEnd = end.value;
    total.value = delta.total;
    indexLagLines.value = delta.indexLagLines ?? 0;
    cache.invalidateFrom(delta.firstChanged ?? previousEnd);
    if (delta.evicted !== evicted.value) {
      evicted.value = delta.evicted;
      cache.evictBefore(delta.evicted);
      pruneSelection();
    }
    if (delta.newest) cache.storeCurrent(delta.newest.map((row) => numbered(row, delta.evicted)));
    deltas.value++;
    version.value++;
  });
  events.on('session', () => reset(0, 0));

  function reset(newTotal: number, newEvicted: number): void {
    cache.clear();
    wanted.clear();
    total.value = newTotal;
    evicted.value = newEvicted;
    selected.value = new Set();
    anchor.value = null;
    cursor.value = null;
    following.value = true;
    deltas.value++;
    version.value++;
  }

  /**
   * The cached row with a number, read for every drawn row on every frame. A plain object's function,
   * not an action of the store: each action call pays for the store's subscription bookkeeping.
   */
  const rowLookup = markRaw({
    byNumber(number: number): NumberedRow | undefined {
      void version.value;
      return cache.get(number);
    },
  });

  /**
   * Asks for the rows the view shows now; those not cached (or stale) are fetched together, soon. What
   * the view asked for before and is not on its way yet is forgotten: during a scrollbar drag only the
   * latest screen is fetched, not every screen passed over.
   */
  function want(numbers: Iterable<number>): void {
    wanted.clear();
    for (const n of numbers) if (n >= evicted.value && n < end.value && cache.needs(n)) wanted.add(n);
    if (wanted.size > 0 && !flushScheduled) {
      flushScheduled = true;
      queueMicrotask(() => {
        flushScheduled = false;
        void flush();
      });
    }
  }

  async function flush(): Promise<void> {
    while (wanted.size > 0) {
      const numbers = [...wanted].filter((n) => cache.needs(n)).slice(0, MAX_PER_REQUEST);
      for (const n of numbers) wanted.delete(n);
      if (numbers.length === 0) return;
      await fetchInto(numbers);
    }
  }

  async function fetchInto(numbers: number[]): Promise<void> {
    const token = cache.request(numbers);
    try {
      const page = await api.getRows({ numbers });
      adoptExtent(page.total, page.evicted);
      cache.store(
        token,
        numbers,
        page.rows.map((row) => numbered(row, page.evicted)),
      );
      fetchError.value = null;
      version.value++;
    } catch (err) {
      cache.abandon(numbers);
      fetchError.value = (err as Error).message;
    }
  }

  /** An answer saw the window further on than the last delta: adopt it, so rows gone are not asked again. */
  function adoptExtent(newTotal: number, newEvicted: number): void {
    if (newEvicted + newTotal < end.value || newEvicted < evicted.value) return;
    total.value = newTotal;
    if (newEvicted !== evicted.value) {
      evicted.value = newEvicted;
      cache.evictBefore(newEvicted);
      pruneSelection();
    }
  }

  /** The rows with these numbers, fetching what is not cached (for copying and the context view). */
  async function rowsByNumber(numbers: readonly number[]): Promise<NumberedRow[]> {
    const missing = numbers.filter((n) => cache.get(n) === undefined);
    for (let i = 0; i < missing.length; i += MAX_PER_REQUEST) {
      await fetchInto(missing.slice(i, i + MAX_PER_REQUEST));
    }
    return numbers.map((n) => cache.get(n)).filter((r): r is NumberedRow => r !== undefined);
  }

  async function refresh(): Promise<void> {
    const head = await api.getStreamPage({ from: 0, count: 0 });
    reset(head.total, head.evicted);
  }

  /** Selects one row, extends the selection to a range of rows, or toggles one row. */
  function select(number: number, how: 'only' | 'toggle' | { range: number[] } = 'only'): void {
    if (how === 'only') {
      selected.value = new Set([number]);
      anchor.value = number;
    } else if (how === 'toggle') {
      const next = new Set(selected.value);
      if (next.has(number)) next.delete(number);
      else next.add(number);
      selected.value = next;
      anchor.value = number;
    } else {
      selected.value = new Set(how.range);
    }
    cursor.value = number;
  }

  function clearSelection(): void {
    selected.value = new Set();
    anchor.value = null;
  }

  function pruneSelection(): void {
    if ([...selected.value].some((n) => n < evicted.value))
      selected.value = new Set([...selected.value].filter((n) => n >= evicted.value));
    if (cursor.value !== null && cursor.value < evicted.value) cursor.value = null;
  }

  /** The selected rows' messages, oldest first, one per line, as they were logged. */
  async function selectedText(): Promise<string> {
    const numbers = [...selected.value].sort((a, b) => a - b);
    const rows = await rowsByNumber(numbers);
    return rows.map((r) => r.message).join('\n');
  }

  return {
    total,
    evicted,
    end,
    indexLagLines,
    following,
    utc,
    version,
    deltas,
    selected,
    anchor,
    cursor,
    fetchError,
    rowLookup,
    want,
    rowsByNumber,
    refresh,
    select,
    clearSelection,
    selectedText,
  };
});

function readFlag(key: string): boolean {
  try {
    return localStorage.getItem(key) === 'true';
  } catch {
    return false;
  }
}

function writeFlag(key: string, value: boolean): void {
  try {
    localStorage.setItem(key, String(value));
  } catch {
    // Storage disabled: the choice lasts for this run only.
  }
}

function numbered(row: StreamRow, evicted: number): readonly [number, NumberedRow] {
  const number = evicted + row.index;
  return [number, { ...row, number }];
}
