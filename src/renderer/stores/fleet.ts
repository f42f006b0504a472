import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { SessionInfo } from '../../shared/api';
import type { HostStatus } from '../../shared/types';
import { api, events } from '../api';

/** The connected session and each host's state, kept current by the engine's events. */
export const useFleetStore = defineStore('fleet', () => {
  const session = ref<SessionInfo | null>(null);
  const hosts = ref<Record<string, HostStatus>>({});
  const connecting = ref(false);
  const error = ref<string | null>(null);

  const hostList = computed(() => Object.values(hosts.value).sort((a, b) => a.host.localeCompare(b.host)));
  const liveCount = computed(() => hostList.value.filter((h) => h.state === 'live').length);

  function adopt(info: SessionInfo | null): void {
    session.value = info;
    hosts.value = Object.fromEntries((info?.hosts ?? []).map((h) => [h.host, h]));
  }

  events.on('session', adopt);
  events.on('hostStatus', (status) => {
    if (session.value) hosts.value = { ...hosts.value, [status.host]: status };
  });

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

  return { session, hosts, hostList, liveCount, connecting, error, load, connect, retry, disconnect };
});
