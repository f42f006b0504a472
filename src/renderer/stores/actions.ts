import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ActionPlanView, ActionResult, AuditRecord, ScaleSuggestion } from '../../shared/api';
import { api, events } from '../api';

/** Scale suggestions, the plan awaiting confirmation, results and the audit trail. */
export const useActionsStore = defineStore('actions', () => {
  const suggestions = ref<ScaleSuggestion[]>([]);
  const plan = ref<ActionPlanView | null>(null);
  const planning = ref<string | null>(null);
  const executing = ref(false);
  const lastResult = ref<ActionResult | null>(null);
  const audit = ref<AuditRecord[]>([]);
  const error = ref<string | null>(null);

  const byApp = computed(() => [...suggestions.value].sort((a, b) => a.app.localeCompare(b.app)));

  events.on('suggestion', ({ app, suggestion }) => {
    const others = suggestions.value.filter((s) => s.app !== app);
    suggestions.value = suggestion ? [...others, suggestion] : others;
  });
  events.on('actionResult', (result) => {
    lastResult.value = result;
    void loadAudit();
  });
  events.on('session', () => void load());

  async function load(): Promise<void> {
    try {
      suggestions.value = await api.listSuggestions({});
      await loadAudit();
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  async function loadAudit(): Promise<void> {
    audit.value = await api.getAuditLog({ limit: 200 });
  }

  /** Plans the change (nothing runs) and opens the confirmation. */
  async function propose(suggestion: ScaleSuggestion): Promise<void> {
    if (planning.value) return;
    planning.value = suggestion.id;
    error.value = null;
    try {
      plan.value = await api.planAction({
        app: suggestion.app,
        to: suggestion.to,
        suggestionId: suggestion.id,
      });
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      planning.value = null;
    }
  }

  /** Runs the confirmed plan once: a second click, or another window, gets the same result back. */
  async function confirm(): Promise<void> {
    const current = plan.value;
    if (!current || executing.value) return;
    executing.value = true;
    try {
      lastResult.value = await api.executeAction({
        planId: current.planId,
        idempotencyKey: current.idempotencyKey,
      });
      plan.value = null;
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      executing.value = false;
    }
  }

  function cancel(): void {
    plan.value = null;
  }

  return {
    suggestions,
    byApp,
    plan,
    planning,
    executing,
    lastResult,
    audit,
    error,
    load,
    propose,
    confirm,
    cancel,
  };
});
