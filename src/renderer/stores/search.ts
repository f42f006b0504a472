import { defineStore } from 'pinia';
import { computed, markRaw, ref, watch } from 'vue';
import { api } from '../api';
import { MatchList } from '../composables/match-list';
import { composeQuery, ERRORS_ONLY, replaceFieldChip, toggleChip } from '../composables/query-text';
import { useFleetStore } from './fleet';
import { useProfilesStore } from './profiles';
import { useStreamStore } from './stream';
import { useTimeRangeStore } from './time-range';

export interface SavedSearch {
  name: string;
  query: string;
}

const HISTORY_KEY = 'watchfloor.search.history';
const SAVED_PREFIX = 'watchfloor.search.saved.';
const HISTORY_SIZE = 50;
/** Matches fetched per request when paging through them. */
const CHUNK = 1000;
/** Newest matches fetched on every refresh (where a following view is). */
const TAIL = 500;
const MIN_REFRESH_MS = 250;

/**
 * The query bar's state: typed text and filter chips (host:, app:, level:, the zoomed time range) make
 * one query; its matches are known by ordinal, newest first, and refreshed as the window moves. In
 * "matches only" mode the stream shows only matching rows; otherwise every row, matches highlighted.
 */
export const useSearchStore = defineStore('search', () => {
  const stream = useStreamStore();
  const fleet = useFleetStore();
  const profiles = useProfilesStore();
  const timeRange = useTimeRangeStore();

  const text = ref('');
  const chips = ref<string[]>([]);
  const matchesOnly = ref(true);
  const history = ref<string[]>(readList(HISTORY_KEY));
  const saved = ref<SavedSearch[]>([]);
  const error = ref<{ message: string; position: number } | null>(null);
  const requestError = ref<string | null>(null);
  const tookMs = ref(0);
  const indexLagLines = ref(0);
  const running = ref(false);
  /** Bumped when matches become known, so views re-read them. */
  const version = ref(0);
  const current = ref<number | null>(null);
  const matches = new MatchList();
  const total = ref(0);
  /** The query whose matches are known (text is applied on Enter or after a pause in typing). */
  const appliedText = ref('');

  const timePart = computed(() =>
    timeRange.zoomed ? `since:${timeRange.zoomed.from} until:${timeRange.zoomed.to}` : '',
  );
  const query = computed(() =>
    composeQuery(timePart.value ? [...chips.value, timePart.value] : chips.value, appliedText.value),
  );
  const active = computed(() => query.value !== '');
  /** The stream shows matches only (a filter or a search in "matches only" mode). */
  const filtering = computed(() => active.value && (matchesOnly.value || appliedText.value.trim() === ''));
  const profileFile = computed(() => fleet.session?.profileFile ?? profiles.selectedFile ?? null);
  const errorsOnly = computed(() => chips.value.includes(ERRORS_ONLY));

  let generation = 0;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  let lastRunAt = 0;
  let lastEvicted = 0;
  const chunksInFlight = new Set<number>();

  watch(profileFile, (file) => (saved.value = file ? readSaved(file) : []), { immediate: true });
  watch(query, () => void run());
  watch(
    () => stream.deltas,
    () => scheduleRefresh(),
  );

  function scheduleRefresh(): void {
    if (!active.value || refreshTimer) return;
    const wait = Math.max(MIN_REFRESH_MS, tookMs.value * 5) - (Date.now() - lastRunAt);
    refreshTimer = setTimeout(
      () => {
        refreshTimer = null;
        void run(false);
      },
      Math.max(0, wait),
    );
  }

  /** Runs the query: the total and the newest matches. A new query forgets what the old one knew. */
  async function run(fresh = true): Promise<void> {
    const q = query.value;
    if (fresh) {
      generation++;
      matches.clear();
      chunksInFlight.clear();
      current.value = null;
      total.value = 0;
      error.value = null;
    }
    version.value++;
    if (q === '') {
      running.value = false;
      return;
    }
    const mine = generation;
    running.value = true;
    lastRunAt = Date.now();
    try {
      const result = await api.search({ query: q, newestFirst: true, limit: TAIL });
      if (mine !== generation) return;
      if (result.evicted !== lastEvicted) {
        // Evicted matches shift every ordinal: what was known is re-fetched where it is looked at.
        matches.forget();
        chunksInFlight.clear();
        lastEvicted = result.evicted;
      }
      matches.setNewest(
        result.total,
        result.indexes.map((i) => i + result.evicted),
      );
      total.value = result.total;
      error.value = result.error ?? null;
      requestError.value = null;
      tookMs.value = result.tookMs;
      indexLagLines.value = result.indexLagLines;
      if (current.value !== null && current.value >= result.total) current.value = null;
    } catch (err) {
      if (mine === generation) requestError.value = (err as Error).message;
    } finally {
      if (mine === generation) {
        running.value = false;
        version.value++;
      }
    }
  }

  /**
   * The row number of match `ordinal`, when known (ensure() fetches the rest); read for every drawn row
   * on every frame, so a plain object's function rather than an action (see the stream store's rowLookup).
   */
  const matchLookup = markRaw({
    numberAt(ordinal: number): number | undefined {
      void version.value;
      return matches.numberAt(ordinal);
    },
  });

  /** Fetches the matches of [first, last] not known yet, a chunk at a time. */
  function ensure(first: number, last: number): void {
    const q = query.value;
    if (q === '') return;
    const chunks = new Set(matches.missing(first, last).map((o) => Math.floor(o / CHUNK)));
    for (const chunk of chunks) {
      if (chunksInFlight.has(chunk)) continue;
      chunksInFlight.add(chunk);
      const mine = generation;
      void api
        .search({ query: q, from: chunk * CHUNK, limit: CHUNK })
        .then((result) => {
          if (mine !== generation) return;
          matches.setSlice(
            result.total,
            chunk * CHUNK,
            result.indexes.map((i) => i + result.evicted),
          );
          total.value = result.total;
          version.value++;
        })
        .catch((err: Error) => (requestError.value = err.message))
        .finally(() => {
          if (mine === generation) chunksInFlight.delete(chunk);
        });
    }
  }

  /** Applies the typed text now (Enter); returns false when it was already applied. */
  function apply(): boolean {
    const typed = text.value.trim();
    if (typed !== '') remember(typed);
    if (typed === appliedText.value.trim()) return false;
    appliedText.value = typed;
    return true;
  }

  /** Applies the typed text after a pause in typing. */
  function applyTyped(): void {
    appliedText.value = text.value.trim();
  }

  function remember(typed: string): void {
    history.value = [typed, ...history.value.filter((h) => h !== typed)].slice(0, HISTORY_SIZE);
    writeList(HISTORY_KEY, history.value);
  }

  function setText(value: string): void {
    text.value = value;
    appliedText.value = value.trim();
    if (value.trim()) remember(value.trim());
  }

  function clear(): void {
    text.value = '';
    appliedText.value = '';
  }

  function toggleFilter(part: string): void {
    chips.value = toggleChip(chips.value, part);
  }

  /** Sets a filter, replacing one of the same field (host:, level:, …). */
  function setFilter(part: string): void {
    chips.value = replaceFieldChip(chips.value, part);
  }

  function removeFilter(part: string): void {
    chips.value = chips.value.filter((c) => c !== part);
  }

  function toggleErrorsOnly(): void {
    chips.value = errorsOnly.value
      ? chips.value.filter((c) => c !== ERRORS_ONLY)
      : replaceFieldChip(chips.value, ERRORS_ONLY);
  }

  /**
   * Moves to the next (+1) or previous (-1) match: from the current one, or, with none yet, from the
   * newest. Resolves with the match's row number once known.
   */
  async function step(direction: 1 | -1): Promise<number | undefined> {
    if (total.value === 0) return undefined;
    const from = current.value;
    const ordinal =
      from === null ? total.value - 1 : (((from + direction) % total.value) + total.value) % total.value;
    current.value = ordinal;
    let number = matches.numberAt(ordinal);
    if (number === undefined) {
      const start = Math.max(0, ordinal - CHUNK / 2);
      const result = await api.search({ query: query.value, from: start, limit: CHUNK });
      matches.setSlice(
        result.total,
        start,
        result.indexes.map((i) => i + result.evicted),
      );
      version.value++;
      number = matches.numberAt(ordinal);
    }
    return number;
  }

  function saveCurrent(name: string): void {
    const file = profileFile.value;
    const q = composeQuery(chips.value, text.value);
    if (!file || q === '') return;
    saved.value = [...saved.value.filter((s) => s.name !== name), { name: name || q, query: q }];
    writeSaved(file, saved.value);
  }

  function removeSaved(name: string): void {
    const file = profileFile.value;
    if (!file) return;
    saved.value = saved.value.filter((s) => s.name !== name);
    writeSaved(file, saved.value);
  }

  /** Runs a saved search: its text replaces the typed text and the chips. */
  function useSaved(search: SavedSearch): void {
    chips.value = [];
    setText(search.query);
  }

  return {
    text,
    chips,
    matchesOnly,
    history,
    saved,
    error,
    requestError,
    tookMs,
    indexLagLines,
    running,
    version,
    current,
    total,
    query,
    appliedText,
    active,
    filtering,
    errorsOnly,
    matchLookup,
    ensure,
    apply,
    applyTyped,
    setText,
    clear,
    toggleFilter,
    setFilter,
    removeFilter,
    toggleErrorsOnly,
    step,
    saveCurrent,
    removeSaved,
    useSaved,
  };
});

function readList(key: string): string[] {
  try {
    const data: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(data)
      ? data.filter((v): v is string => typeof v === 'string').slice(0, HISTORY_SIZE)
      : [];
  } catch {
    return [];
  }
}

function writeList(key: string, list: string[]): void {
  try {
    localStorage.setItem(key, JSON.stringify(list));
  } catch {
    // Storage full or disabled: kept for this run only.
  }
}

function readSaved(file: string): SavedSearch[] {
  try {
    const data: unknown = JSON.parse(localStorage.getItem(SAVED_PREFIX + file) ?? '[]');
    return Array.isArray(data)
      ? data.filter((s): s is SavedSearch => typeof s?.name === 'string' && typeof s?.query === 'string')
      : [];
  } catch {
    return [];
  }
}

function writeSaved(file: string, list: SavedSearch[]): void {
  try {
    localStorage.setItem(SAVED_PREFIX + file, JSON.stringify(list));
  } catch {
    // Storage full or disabled: kept for this run only.
  }
}
