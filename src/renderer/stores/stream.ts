import { defineStore } from 'pinia';
import { ref, shallowReactive } from 'vue';
import type { StreamRow } from '../../shared/types';
import { api, events } from '../api';

const PAGE_SIZE = 200;

/**
 * The merged stream as the virtual list needs it: the row count, and pages of rows fetched on demand
 * by index. Only the pages near the viewport are kept.
 */
export const useStreamStore = defineStore('stream', () => {
  const total = ref(0);
  const evicted = ref(0);
  const following = ref(true);
  const pages = shallowReactive(new Map<number, StreamRow[]>());
  const inFlight = new Set<number>();
  let generation = 0;

  events.on('streamDelta', (delta) => {
    const grew = delta.total !== total.value || delta.evicted !== evicted.value;
    total.value = delta.total;
    evicted.value = delta.evicted;
    // Late lines and eviction shift indexes: cached pages are stale once anything changed.
    if (grew) invalidate();
  });
  events.on('session', () => {
    total.value = 0;
    evicted.value = 0;
    invalidate();
  });

  function invalidate(): void {
    generation++;
    pages.clear();
    inFlight.clear();
  }

  function row(index: number): StreamRow | undefined {
    const page = Math.floor(index / PAGE_SIZE);
    const rows = pages.get(page);
    if (!rows) {
      void fetchPage(page);
      return undefined;
    }
    return rows[index - page * PAGE_SIZE];
  }

  async function fetchPage(page: number): Promise<void> {
    if (inFlight.has(page)) return;
    inFlight.add(page);
    const requested = generation;
    try {
      const result = await api.getStreamPage({ from: page * PAGE_SIZE, count: PAGE_SIZE });
      if (requested !== generation) return;
      pages.set(page, result.rows);
      total.value = result.total;
      for (const key of [...pages.keys()]) if (Math.abs(key - page) > 20) pages.delete(key);
    } finally {
      inFlight.delete(page);
    }
  }

  async function refresh(): Promise<void> {
    const head = await api.getStreamPage({ from: 0, count: 0 });
    total.value = head.total;
    evicted.value = head.evicted;
    invalidate();
  }

  return { total, evicted, following, row, refresh };
});
