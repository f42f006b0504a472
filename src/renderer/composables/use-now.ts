import { onScopeDispose, ref } from 'vue';

/** The current time, updated every `intervalMs`, for countdowns such as "reconnecting in 4s". */
export function useNow(intervalMs = 1000) {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
