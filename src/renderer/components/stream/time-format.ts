/** A row's time as HH:MM:SS.mmm, in local time or UTC. */
export function formatTime(ts: number, utc: boolean): string {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return '';
  const [h, m, s, ms] = utc
    ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]
    : [d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()];
  return `${pad(h)}:${pad(m)}:${pad(s)}.${String(ms).padStart(3, '0')}`;
}

/** Date and time with the zone, for tooltips and the context view. */
export function formatDateTime(ts: number, utc: boolean): string {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return '';
  if (utc) return `${d.toISOString().replace('T', ' ').replace('Z', '')} UTC`;
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date} ${formatTime(ts, false)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
