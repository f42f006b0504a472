import { onScopeDispose } from 'vue';
import { api, events } from '../../api';
import { useFleetStore } from '../../stores/fleet';
import { useSettingsStore } from '../../stores/settings';
import { findErrorSpikes, SpikeNotifications } from './error-spike';

const CHECK_EVERY_MS = 5_000;
const STEP_SEC = 10;
const QUIET_MS = 5 * 60_000;

function inBackground(): boolean {
  return document.visibilityState === 'hidden' || !document.hasFocus();
}

/**
 * While the window is in the background and the connected profile is watched, checks the engine's error
 * rates as lines arrive and raises an OS notification when an application's rate spikes (once per app
 * per five minutes).
 */
export function useErrorSpikeNotifications(now: () => number = Date.now): void {
  const fleet = useFleetStore();
  const settings = useSettingsStore();
  const notifications = new SpikeNotifications(QUIET_MS);
  let lastCheck = 0;
  let checking = false;

  async function check(): Promise<void> {
    const session = fleet.session;
    if (!session || !settings.isWatched(session.profileFile) || !inBackground()) return;
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const at = now();
    if (checking || at - lastCheck < CHECK_EVERY_MS) return;
    checking = true;
    lastCheck = at;
    try {
      const rates = await api.getRates({ stepSec: STEP_SEC });
      for (const spike of findErrorSpikes(rates, at)) {
        if (!notifications.due(spike.app, at)) continue;
        const notification = new Notification(`Error spike in ${spike.app}`, {
          body:
            `${spike.rate.toFixed(1)} errors/s (usually ${spike.baseline.toFixed(1)}/s) — ` +
            `${session.profileName} / ${session.environment}`,
          tag: `watchfloor-spike-${spike.app}`,
        });
        notification.onclick = () => window.focus();
      }
    } catch {
      // The next delta tries again; a failed check must not disturb the stream.
    } finally {
      checking = false;
    }
  }

  const offDelta = events.on('streamDelta', () => void check());
  const offSession = events.on('session', () => notifications.reset());
  onScopeDispose(() => {
    offDelta();
    offSession();
  });
}

/** Asks for permission to notify when the operator starts watching a profile (the click is the gesture). */
export async function ensureNotificationPermission(): Promise<boolean> {
  if (typeof Notification === 'undefined') return false;
  if (Notification.permission === 'default') await Notification.requestPermission();
  return Notification.permission === 'granted';
}
