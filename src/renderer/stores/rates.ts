import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { RateSeries } from '../../shared/api';
import { api, events } from '../api';
import { rateStepSec } from '../components/charts/time-axis';
import { throttledTask } from '../components/charts/throttled-task';
import { useFleetStore } from './fleet';
import { LIVE_REFRESH_MS } from './heatmap';
import { useTimeRangeStore } from './time-range';

/** Lines/s and errors/s per application over the shared time range, live while following. */
export const useRatesStore = defineStore('rates', () => {
  const range = useTimeRangeStore();
  const fleet = useFleetStore();
  const series = shallowRef<RateSeries | null>(null);
  const error = ref<string | null>(null);

  const task = throttledTask(fetchSeries, LIVE_REFRESH_MS);

  events.on('streamDelta', () => {
    if (range.live) task.request();
  });
  watch(
    () => fleet.session?.startedAt,
    () => {
      series.value = null;
      if (fleet.session) task.runNow();
    },
  );
  watch([() => range.zoomed, () => range.spanMs], () => task.runNow());
  watch(
    () => range.window.to,
    () => {
      if (range.live) task.request();
    },
  );

  async function fetchSeries(): Promise<void> {
    if (!fleet.session) return;
    const window = range.window;
    try {
      series.value = await api.getRates({ ...window, stepSec: rateStepSec(window) });
      error.value = null;
    } catch (err) {
      error.value = `The rate charts could not be loaded: ${(err as Error).message}`;
    }
  }

  return { series, error, refresh: () => task.runNow() };
});
