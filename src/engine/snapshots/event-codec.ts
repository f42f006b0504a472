import { LEVELS } from '../../shared/types';
import type { SnapshotEvent } from './snapshot-source';

// One event per NDJSON line. Host, app, source, level and origin repeat across millions of lines, so the
// JSON for them is built once per combination and reused: the message is the only part encoded per line.

export class EventEncoder {
  private readonly heads = new Map<string, string>();

  encode(event: SnapshotEvent): string {
    const key = `${event.tsOrigin}\u0000${event.host}\u0000${event.app}\u0000${event.source}\u0000${event.level}\u0000${event.marker ?? ''}`;
    let head = this.heads.get(key);
    if (head === undefined) {
      head =
        `,"tsOrigin":${JSON.stringify(event.tsOrigin)},"host":${JSON.stringify(event.host)}` +
        `,"app":${JSON.stringify(event.app)},"source":${JSON.stringify(event.source)}` +
        `,"level":${JSON.stringify(event.level)}` +
        (event.marker ? `,"marker":${JSON.stringify(event.marker)}` : '') +
        ',"message":';
      if (this.heads.size > 10_000) this.heads.clear();
      this.heads.set(key, head);
    }
    return `{"ts":${event.ts}${head}${JSON.stringify(event.message)}}\n`;
  }
}

const LEVEL_SET = new Set<string | null>([...LEVELS, null]);
const ORIGINS = new Set(['parsed', 'inherited', 'received']);
const MARKERS = new Set(['gap', 'reconnect', 'eviction', 'rotation']);

/** Parses one NDJSON line of events.ndjson; the error names the line number. */
export function decodeEvent(line: string, lineNumber: number): SnapshotEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new Error(`events.ndjson line ${lineNumber}: not JSON (${(err as Error).message})`, { cause: err });
  }
  const e = value as Partial<SnapshotEvent> | null;
  if (
    !e ||
    typeof e.ts !== 'number' ||
    !ORIGINS.has(e.tsOrigin as string) ||
    typeof e.host !== 'string' ||
    typeof e.app !== 'string' ||
    typeof e.source !== 'string' ||
    !LEVEL_SET.has(e.level as string | null) ||
    typeof e.message !== 'string' ||
    (e.marker !== undefined && !MARKERS.has(e.marker))
  ) {
    throw new Error(`events.ndjson line ${lineNumber}: not an event`);
  }
  return e as SnapshotEvent;
}
