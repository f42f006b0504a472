/** The export dialog's choices of window. */
export type WindowChoice = 'last15' | 'last60' | 'incident' | 'custom';

export interface TimeWindow {
  from: number;
  to: number;
}

/** The window a choice stands for at `now`; null when it cannot be made (no start mark, bad custom times). */
export function exportWindow(
  choice: WindowChoice,
  now: number,
  incidentStart: number | null,
  custom: { from: string; to: string },
): TimeWindow | null {
  switch (choice) {
    case 'last15':
      return { from: now - 15 * 60_000, to: now };
    case 'last60':
      return { from: now - 60 * 60_000, to: now };
    case 'incident':
      return incidentStart !== null && incidentStart < now ? { from: incidentStart, to: now } : null;
    case 'custom': {
      const from = localInputTime(custom.from);
      const to = localInputTime(custom.to);
      return from !== null && to !== null && to > from ? { from, to } : null;
    }
  }
}

/** A `datetime-local` input's value (the viewer's time zone) as epoch ms. */
export function localInputTime(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** Epoch ms as a `datetime-local` value, to the second, in the viewer's time zone. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
