import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { PromptRequest } from '../../shared/api';
import { api, events } from '../api';

/** Open questions from the engine (unknown host keys, passphrases, passwords), answered one at a time. */
export const usePromptsStore = defineStore('prompts', () => {
  const open = ref<PromptRequest[]>([]);
  const current = computed(() => open.value[0] ?? null);

  events.on('prompts', (prompts) => (open.value = prompts));

  async function load(): Promise<void> {
    open.value = await api.listPrompts({});
  }

  async function answer(id: string, accept: boolean, secret?: string, remember?: boolean): Promise<void> {
    open.value = open.value.filter((p) => p.id !== id);
    await api.answerPrompt({ id, accept, secret, remember });
  }

  return { open, current, load, answer };
});
