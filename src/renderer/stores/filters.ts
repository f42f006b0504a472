import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { TimeWindow } from '../components/charts/time-axis';

/** Filters the fleet panel and the charts put on the stream: a host, a time range. */
export const useStreamFilters = defineStore('stream-filters', () => {
  const host = ref<string | null>(null);
  const range = ref<TimeWindow | null>(null);

  const query = computed(() =>
    [
      host.value ? `host:${host.value}` : '',
      range.value ? `since:${range.value.from} until:${range.value.to - 1}` : '',
    ]
      .filter(Boolean)
      .join(' '),
  );

  function hostFiltered(name: string): boolean {
    return host.value === name;
  }

  function toggleHost(name: string): void {
    host.value = host.value === name ? null : name;
  }

  function showCell(name: string, from: number, to: number): void {
    host.value = name;
    range.value = { from, to };
  }

  function showTimeRange(from: number, to: number): void {
    range.value = { from, to };
  }

  function clearTimeRange(): void {
    range.value = null;
  }

  return { host, range, query, hostFiltered, toggleHost, showCell, showTimeRange, clearTimeRange };
});
