import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { liveWindow, type TimeWindow } from '../components/charts/time-axis';
import { useNow } from '../composables/use-now';

/** Spans the live charts offer, newest data at the right edge. */
export const LIVE_SPANS = [
  { label: '5 min', ms: 5 * 60_000 },
  { label: '15 min', ms: 15 * 60_000 },
  { label: '1 h', ms: 60 * 60_000 },
  { label: '6 h', ms: 6 * 60 * 60_000 },
] as const;

/**
 * The time range the heatmap, the rate charts and (when zoomed) the stream share: a live span ending now,
 * or a fixed range brushed on a chart. Only a fixed range narrows the stream.
 */
export const useTimeRangeStore = defineStore('time-range', () => {
  const spanMs = ref<number>(LIVE_SPANS[1].ms);
  /** The brushed range, or null while following live. */
  const zoomed = ref<TimeWindow | null>(null);
  const now = useNow(1000);

  const live = computed(() => zoomed.value === null);
  /** The window the charts show now. */
  const window = computed<TimeWindow>(() => zoomed.value ?? liveWindow(now.value, spanMs.value));

  function zoom(from: number, to: number): void {
    if (!(to > from)) return;
    zoomed.value = { from: Math.round(from), to: Math.round(to) };
  }

  function followLive(span?: number): void {
    if (span !== undefined) spanMs.value = span;
    zoomed.value = null;
  }

  return { spanMs, zoomed, live, window, zoom, followLive };
});
