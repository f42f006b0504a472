import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ProfileSummary } from '../../shared/api';
import type { ProfileProblem } from '../../shared/profile-validate';
import { api } from '../api';
import { orderProfiles } from './profile-order';
import { useSettingsStore } from './settings';

/** What the profile editor has open: an existing file, or a new one still to be named. */
export interface EditorTarget {
  file: string | null;
  text: string;
}

/**
 * The profiles folder as the picker shows it (recently connected first, then newest file), the chosen
 * profile, environment and applications, connecting (or loading in standby) and the profile editor.
 */
export const useProfilesStore = defineStore('profiles', () => {
  const settings = useSettingsStore();
  const listed = ref<ProfileSummary[]>([]);
  const selectedFile = ref<string | null>(null);
  const selectedEnvironment = ref<string | null>(null);
  const selectedApplications = ref<string[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const connecting = ref(false);
  const connectError = ref<string | null>(null);
  const editor = ref<EditorTarget | null>(null);

  const profiles = computed(() => orderProfiles(listed.value, settings.recentProfiles));
  const selected = computed(() => listed.value.find((p) => p.file === selectedFile.value) ?? null);
  const environment = computed(
    () => selected.value?.environments.find((e) => e.name === selectedEnvironment.value) ?? null,
  );

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      listed.value = await api.listProfiles({});
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
    selectEnvironment(selected.value?.environments[0]?.name ?? null);
  }

  function selectEnvironment(name: string | null): void {
    selectedEnvironment.value = name;
    selectedApplications.value = [...(environment.value?.applications ?? [])];
  }

  /** Connects the chosen applications, or with `standby` loads the profile so they are activated one by one. */
  async function connect(options: { standby?: boolean } = {}): Promise<boolean> {
    const file = selectedFile.value;
    const env = selectedEnvironment.value;
    if (!file || !env) return false;
    connecting.value = true;
    connectError.value = null;
    try {
      await api.connect({
        profileFile: file,
        environment: env,
        applications: selectedApplications.value,
        standby: options.standby,
      });
      settings.noteConnected(file);
      return true;
    } catch (err) {
      connectError.value = (err as Error).message;
      return false;
    } finally {
      connecting.value = false;
    }
  }

  async function activate(applications: string[]): Promise<void> {
    connectError.value = null;
    try {
      await api.activate({ applications });
    } catch (err) {
      connectError.value = (err as Error).message;
    }
  }

  async function openEditor(file: string | null): Promise<void> {
    editor.value = { file, text: file ? (await api.readProfile({ file })).text : NEW_PROFILE };
  }

  function closeEditor(): void {
    editor.value = null;
  }

  /** Saves through the engine (which validates again); on success the saved profile is selected. */
  async function save(file: string, text: string, create: boolean): Promise<ProfileProblem[]> {
    const { problems } = await api.saveProfile({ file, text, create });
    if (problems.length > 0) return problems;
    await refresh();
    select(file);
    return [];
  }

  return {
    profiles,
    selected,
    selectedFile,
    selectedEnvironment,
    selectedApplications,
    environment,
    loading,
    error,
    connecting,
    connectError,
    editor,
    refresh,
    select,
    selectEnvironment,
    connect,
    activate,
    openEditor,
    closeEditor,
    save,
  };
});

const NEW_PROFILE = `# Where to look during an incident: environments, their hosts and each application's logs.
# Credentials never go here: Watchfloor uses your ssh-agent, keys and ~/.ssh/config.
name: my-service
environments:
  - name: production
    hosts:
      - name: web-1
        address: web-1.example.com
    applications:
      - name: api
        hosts: [web-1]
        logs:
          - path: /var/log/api/app.log
`;
