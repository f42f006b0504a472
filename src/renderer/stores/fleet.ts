import { defineStore } from 'pinia';
import { computed, ref, shallowReactive, shallowRef, watch } from 'vue';
import type { SessionInfo, SourceStats } from '../../shared/api';
import type { HostMetricsSample, HostStatus } from '../../shared/types';
import { api, events } from '../api';
import { throttledTask } from '../components/charts/throttled-task';
import { connectProgress, fleetTree, hostRates, type HostRates } from '../components/fleet/fleet-tree';
import { diagnosticsSince, type HostDiagnostic } from './session-diagnostics';

/** Samples kept per host for the drawer's sparklines (10 minutes at the default 5 s). */
const METRICS_KEPT = 120;
const DIAGNOSTICS_KEPT = 50;
/** Per-host rates are averaged over the complete 10 s buckets of this last stretch. */
const RATE_WINDOW_MS = 40_000;
const RATE_REFRESH_MS = 2000;

/**
 * The connected session and each host's state, kept current by the engine's events; the fleet tree,
 * connection progress, per-host rates, metrics and diagnostics the fleet panel and host drawer show.
 */
export const useFleetStore = defineStore('fleet', () => {
  const session = ref<SessionInfo | null>(null);
  const hosts = ref<Record<string, HostStatus>>({});
  const connecting = ref(false);
  const error = ref<string | null>(null);
  const rates = shallowRef<Record<string, HostRates>>({});
  const metrics = shallowReactive(new Map<string, HostMetricsSample[]>());
  const diagnostics = shallowReactive(new Map<string, HostDiagnostic[]>());
  const sources = shallowRef<SourceStats[]>([]);
  /** The host whose drawer is open. */
  const drawerHost = ref<string | null>(null);

  const hostList = computed(() => Object.values(hosts.value).sort((a, b) => a.host.localeCompare(b.host)));
  const liveCount = computed(() => hostList.value.filter((h) => h.state === 'live').length);
  const tree = computed(() => (session.value ? fleetTree(session.value, hosts.value) : []));
  const progress = computed(() => connectProgress(hostList.value));

  function adopt(info: SessionInfo | null): void {
    const changed = info?.startedAt !== session.value?.startedAt;
    session.value = info;
    hosts.value = Object.fromEntries((info?.hosts ?? []).map((h) => [h.host, h]));
    if (changed) {
      rates.value = {};
      metrics.clear();
      const own = info ? diagnosticsSince(diagnostics, info.startedAt) : new Map<string, HostDiagnostic[]>();
      diagnostics.clear();
      for (const [host, list] of own) diagnostics.set(host, list);
      sources.value = [];
      drawerHost.value = null;
    }
  }

  const rateTask = throttledTask(refreshRates, RATE_REFRESH_MS);

  events.on('session', adopt);
  events.on('hostStatus', (status) => {
    if (session.value) hosts.value[status.host] = status;
  });
  events.on('hostMetrics', (sample) => {
    const kept = metrics.get(sample.host) ?? [];
    metrics.set(sample.host, [...kept.slice(-(METRICS_KEPT - 1)), sample]);
  });
  events.on('diagnostic', ({ host, message, at }) => {
    const kept = diagnostics.get(host) ?? [];
    diagnostics.set(host, [...kept.slice(-(DIAGNOSTICS_KEPT - 1)), { message, at }]);
  });
  events.on('streamDelta', () => rateTask.request());

  watch(
    () => session.value?.startedAt,
    (started) => {
      if (started !== undefined) void loadMetrics();
    },
  );

  async function refreshRates(): Promise<void> {
    if (!session.value) return;
    const now = Date.now();
    const cells = await api.getHeatmap({ from: now - RATE_WINDOW_MS, to: now, bucketSec: 10 });
    rates.value = hostRates(cells, now);
  }

  async function loadMetrics(): Promise<void> {
    const samples = await api.getHostMetrics({});
    const byHost = new Map<string, HostMetricsSample[]>();
    for (const s of samples) byHost.set(s.host, [...(byHost.get(s.host) ?? []), s]);
    for (const [host, list] of byHost) metrics.set(host, list.slice(-METRICS_KEPT));
  }

  async function refreshSources(): Promise<void> {
    sources.value = await api.getSourceStats({});
  }

  async function load(): Promise<void> {
    adopt(await api.getSession({}));
  }

  async function connect(profileFile: string, environment: string): Promise<void> {
    connecting.value = true;
    error.value = null;
    try {
      adopt(await api.connect({ profileFile, environment }));
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      connecting.value = false;
    }
  }

  async function retry(host: string): Promise<void> {
    await api.retryHost({ host });
  }

  async function disconnect(): Promise<void> {
    await api.disconnect({});
    adopt(null);
  }

  function openDrawer(host: string): void {
    drawerHost.value = host;
  }

  function closeDrawer(): void {
    drawerHost.value = null;
  }

  return {
    session,
    hosts,
    hostList,
    liveCount,
    tree,
    progress,
    rates,
    metrics,
    diagnostics,
    sources,
    drawerHost,
    connecting,
    error,
    load,
    connect,
    retry,
    disconnect,
    refreshSources,
    openDrawer,
    closeDrawer,
  };
});
