import type { StreamRow } from '../../shared/types';

/** Identifies a log line across sessions and snapshots: row numbers do not survive, these fields do. */
export interface RowKey {
  host: string;
  source: string;
  ts: number;
  /** FNV-1a of the message, 8 hex digits. */
  messageHash: string;
}

export function messageHash(message: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < message.length; i++) hash = Math.imul(hash ^ message.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

export function rowKeyOf(row: Pick<StreamRow, 'host' | 'source' | 'ts' | 'message'>): RowKey {
  return { host: row.host, source: row.source, ts: row.ts, messageHash: messageHash(row.message) };
}

/** One string per key, for lookups. */
export function rowKeyText(k: RowKey): string {
  return `${k.host}\u0000${k.source}\u0000${k.ts}\u0000${k.messageHash}`;
}
