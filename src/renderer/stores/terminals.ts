import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, events } from '../api';

export interface TerminalTab {
  id: string;
  host: string;
  closedReason: string | null;
}

type OutputListener = (data: string) => void;

/** Terminal tabs, one shell channel each on a host's existing connection. */
export const useTerminalsStore = defineStore('terminals', () => {
  const tabs = ref<TerminalTab[]>([]);
  const activeId = ref<string | null>(null);
  const error = ref<string | null>(null);
  const listeners = new Map<string, OutputListener>();
  const backlog = new Map<string, string[]>();

  events.on('terminalOutput', ({ id, data }) => {
    const listener = listeners.get(id);
    if (listener) listener(data);
    else backlog.set(id, [...(backlog.get(id) ?? []), data]);
  });
  events.on('terminalClosed', ({ id, reason }) => {
    const tab = tabs.value.find((t) => t.id === id);
    if (tab) tab.closedReason = reason;
  });

  async function open(host: string, cols = 100, rows = 30): Promise<void> {
    error.value = null;
    try {
      const { id } = await api.openTerminal({ host, cols, rows });
      tabs.value.push({ id, host, closedReason: null });
      activeId.value = id;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  /** Attaches the view's writer; output that arrived before it is replayed. */
  function attach(id: string, listener: OutputListener): () => void {
    listeners.set(id, listener);
    for (const data of backlog.get(id) ?? []) listener(data);
    backlog.delete(id);
    return () => listeners.delete(id);
  }

  function input(id: string, data: string): void {
    void api.terminalInput({ id, data }).catch(() => undefined);
  }

  function resize(id: string, cols: number, rows: number): void {
    void api.resizeTerminal({ id, cols, rows }).catch(() => undefined);
  }

  async function close(id: string): Promise<void> {
    tabs.value = tabs.value.filter((t) => t.id !== id);
    listeners.delete(id);
    backlog.delete(id);
    if (activeId.value === id) activeId.value = tabs.value[tabs.value.length - 1]?.id ?? null;
    await api.closeTerminal({ id }).catch(() => undefined);
  }

  return { tabs, activeId, error, open, attach, input, resize, close };
});
