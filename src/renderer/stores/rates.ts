import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { RateSeries } from '../../shared/api';
import { api } from '../api';
import { rateStepSec } from '../components/charts/time-axis';
import { useRangeFeed } from './range-feed';
import { useTimeRangeStore } from './time-range';

/** Lines/s and errors/s per application over the shared time range, live while following. */
export const useRatesStore = defineStore('rates', () => {
  const range = useTimeRangeStore();
  const series = shallowRef<RateSeries | null>(null);
  const error = ref<string | null>(null);

  const { refresh } = useRangeFeed(fetchSeries, () => (series.value = null));

  async function fetchSeries(): Promise<void> {
    const window = range.window;
    try {
      series.value = await api.getRates({ ...window, stepSec: rateStepSec(window) });
      error.value = null;
    } catch (err) {
      error.value = `The rate charts could not be loaded: ${(err as Error).message}`;
    }
  }

  return { series, error, refresh };
});
