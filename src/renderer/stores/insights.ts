import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AnomalyReport, ForecastView } from '../../shared/api';
import { api, events } from '../api';

/** Forecasts with their crossings, error spikes and error signatures, kept current by the engine's events. */
export const useInsightsStore = defineStore('insights', () => {
  const forecasts = ref<Record<string, ForecastView[]>>({});
  const anomalies = ref<AnomalyReport>({ spikes: [], signatures: [], droppedLines: 0 });
  let refreshing = false;

  const crossings = computed(() =>
    Object.values(forecasts.value)
      .flat()
      .filter((f) => f.crossing && (f.crossing.alreadyCrossed || f.crossing.expectedMs !== null)),
  );
  /** The newest spike of each host and application (the engine lists every spiking bucket). */
  const latestSpikes = computed(() => {
    const seen = new Set<string>();
    return anomalies.value.spikes.filter((s) => {
      const series = `${s.scope}:${s.name}`;
      if (seen.has(series)) return false;
      seen.add(series);
      return true;
    });
  });
  const notableSignatures = computed(() =>
    anomalies.value.signatures.filter((s) => s.isNew || s.spiking).slice(0, 8),
  );

  events.on('forecast', ({ app, forecasts: list }) => {
    forecasts.value = { ...forecasts.value, [app]: list };
  });
  events.on('anomaly', () => void refreshAnomalies());
  events.on('session', () => {
    forecasts.value = {};
    anomalies.value = { spikes: [], signatures: [], droppedLines: 0 };
    void load();
  });

  async function load(): Promise<void> {
    try {
      const list = await api.getForecasts({});
      const byApp: Record<string, ForecastView[]> = {};
      for (const f of list) (byApp[f.app] ??= []).push(f);
      forecasts.value = byApp;
      await refreshAnomalies();
    } catch {
      // not connected: nothing to show yet
    }
  }

  async function refreshAnomalies(): Promise<void> {
    if (refreshing) return;
    refreshing = true;
    try {
      anomalies.value = await api.getAnomalies({});
    } catch {
      // not connected
    } finally {
      refreshing = false;
    }
  }

  return { forecasts, anomalies, crossings, latestSpikes, notableSignatures, load };
});
