import type { HostStatus } from '../../../shared/types';

// The words and numbers on the fleet panel's chips and in the host drawer.

/** The chip's words for a state: "live", "reconnecting in 4s", "failed: connection refused", "standby". */
export function stateLabel(status: HostStatus, now: number): string {
  if (status.state === 'reconnecting' && status.nextTryAt) {
    const seconds = Math.max(0, Math.round((status.nextTryAt - now) / 1000));
    return seconds > 0 ? `reconnecting in ${seconds}s` : 'reconnecting';
  }
  if (status.state === 'failed' && status.reason) return `failed: ${shortReason(status.reason, status.host)}`;
  return status.state;
}

/** The reason without the host's own name, which the chip already shows, cut to fit a chip. */
export function shortReason(reason: string, host: string): string {
  const text = reason.replace(` (${host})`, '').trim();
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}

/** Clock offsets beyond this make merged timestamps misleading. */
export const CLOCK_WARNING_MS = 1000;

/** "clock 2.3 s ahead" when a host's clock is off by more than a second, else null. */
export function clockWarning(offsetMs: number | undefined): string | null {
  if (offsetMs === undefined || Math.abs(offsetMs) <= CLOCK_WARNING_MS) return null;
  const seconds = Math.abs(offsetMs) / 1000;
  const amount = seconds >= 100 ? `${Math.round(seconds)} s` : `${seconds.toFixed(1)} s`;
  return `clock ${amount} ${offsetMs > 0 ? 'ahead' : 'behind'}`;
}

/** "1.2k/s", "35/s", "0.4/s", "0" for a rate. */
export function formatRate(perSec: number): string {
  if (perSec <= 0) return '0';
  if (perSec >= 10_000) return `${Math.round(perSec / 1000)}k/s`;
  if (perSec >= 1000) return `${(perSec / 1000).toFixed(1)}k/s`;
  if (perSec >= 10) return `${Math.round(perSec)}/s`;
  return `${perSec.toFixed(1)}/s`;
}

/** "1.4 MB", "320 kB", "12 B". */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '–';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
