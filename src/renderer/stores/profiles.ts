import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ProfileSummary } from '../../shared/api';
import { api } from '../api';

/** The profiles folder as the picker shows it: most recently changed first. */
export const useProfilesStore = defineStore('profiles', () => {
  const profiles = ref<ProfileSummary[]>([]);
  const selectedFile = ref<string | null>(null);
  const selectedEnvironment = ref<string | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  const selected = computed(() => profiles.value.find((p) => p.file === selectedFile.value) ?? null);

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      profiles.value = await api.listProfiles({});
      error.value = null;
      if (!selected.value) select(profiles.value.find((p) => !p.problems)?.file ?? null);
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      loading.value = false;
    }
  }

  function select(file: string | null): void {
    selectedFile.value = file;
    selectedEnvironment.value = selected.value?.environments[0]?.name ?? null;
  }

  return { profiles, selected, selectedFile, selectedEnvironment, loading, error, refresh, select };
});
