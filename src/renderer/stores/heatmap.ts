import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { HeatmapCells } from '../../shared/api';
import { api } from '../api';
import { heatmapBucketSec } from '../components/charts/time-axis';
import { sortHosts } from '../components/heatmap/heatmap-geometry';
import { useRangeFeed } from './range-feed';
import { useTimeRangeStore } from './time-range';

/** Host × bucket counts for the error heatmap over the shared time range, live while following. */
export const useHeatmapStore = defineStore('heatmap', () => {
  const range = useTimeRangeStore();
  const cells = shallowRef<HeatmapCells | null>(null);
  const error = ref<string | null>(null);
  /** How long the last answer took to arrive, ms. */
  const fetchMs = ref(0);

  const { refresh } = useRangeFeed(fetchCells, () => (cells.value = null));

  async function fetchCells(): Promise<void> {
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

  return { cells, error, fetchMs, refresh };
});
