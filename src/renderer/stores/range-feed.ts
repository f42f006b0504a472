import { watch } from 'vue';
import { events } from '../api';
import { throttledTask } from '../components/charts/throttled-task';
import { useFleetStore } from './fleet';
import { useTimeRangeStore } from './time-range';

/** Live charts fetch at most this often however fast lines arrive. */
const LIVE_REFRESH_MS = 1000;

/**
 * Keeps one chart's data current over the shared time range: cleared and fetched when a session starts,
 * fetched when the range is zoomed or resized and, while following, as lines arrive or the live axis
 * moves on by a bucket (at most once per LIVE_REFRESH_MS). `fetch` runs only with a session.
 */
export function useRangeFeed(fetch: () => Promise<void>, clear: () => void): { refresh: () => void } {
  const range = useTimeRangeStore();
  const fleet = useFleetStore();
  const task = throttledTask(async () => {
    if (fleet.session) await fetch();
  }, LIVE_REFRESH_MS);
  const whileLive = () => {
    if (range.live) task.request();
  };
  events.on('streamDelta', whileLive);
  watch(() => range.window.to, whileLive);
  watch([() => range.zoomed, () => range.spanMs], () => task.runNow());
  watch(
    () => fleet.session?.startedAt,
    () => {
      clear();
      if (fleet.session) task.runNow();
    },
  );
  return { refresh: () => task.runNow() };
}
