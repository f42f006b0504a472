import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { HeatmapCells } from '../../shared/api';
import { api, events } from '../api';
import { heatmapBucketSec } from '../components/charts/time-axis';
import { throttledTask } from '../components/charts/throttled-task';
import { sortHosts } from '../components/heatmap/heatmap-geometry';
import { useFleetStore } from './fleet';
import { useTimeRangeStore } from './time-range';

/** Live charts fetch at most this often however fast lines arrive. */
export const LIVE_REFRESH_MS = 1000;

/** Host × bucket counts for the error heatmap over the shared time range, live while following. */
export const useHeatmapStore = defineStore('heatmap', () => {
  const range = useTimeRangeStore();
  const fleet = useFleetStore();
  const cells = shallowRef<HeatmapCells | null>(null);
  const error = ref<string | null>(null);
  /** How long the last answer took to arrive, ms. */
  const fetchMs = ref(0);

  const task = throttledTask(fetchCells, LIVE_REFRESH_MS);

  events.on('streamDelta', () => {
    if (range.live) task.request();
  });
  watch(
    () => fleet.session?.startedAt,
    () => {
      cells.value = null;
      if (fleet.session) task.runNow();
    },
  );
  watch([() => range.zoomed, () => range.spanMs], () => task.runNow());
  // The live axis moves on by a bucket even when no line arrives.
  watch(
    () => range.window.to,
    () => {
      if (range.live) task.request();
    },
  );

  async function fetchCells(): Promise<void> {
    if (!fleet.session) return;
    const window = range.window;
    const started = performance.now();
    try {
      const answer = await api.getHeatmap({ ...window, bucketSec: heatmapBucketSec(window) });
      fetchMs.value = performance.now() - started;
      cells.value = sortHosts(answer);
      error.value = null;
    } catch (err) {
      error.value = `The heatmap could not be loaded: ${(err as Error).message}`;
    }
  }

  return { cells, error, fetchMs, refresh: () => task.runNow() };
});
