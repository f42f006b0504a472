import type { StreamRow } from '../shared/types';

/** The NDJSON shape of a stream row: `ts` epoch ms, host, app, source, level, message. */
export function rowToJson(row: StreamRow) {
  return {
    ts: row.ts,
    host: row.host,
    app: row.app,
    source: row.source,
    level: row.level,
    message: row.message,
    ...(row.marker ? { marker: row.marker } : {}),
  };
}

export function formatRow(row: StreamRow): string {
  const level = (row.level ?? '-').toUpperCase().padEnd(5);
  return `${new Date(row.ts).toISOString()} ${row.host} ${row.app} ${level} ${row.marker ? `[${row.marker}] ` : ''}${row.message}`;
}
