import { LEVELS } from '../../shared/types';
import type { SnapshotEvent } from './snapshot-source';

// One event per NDJSON line. Host, app, source, level and origin repeat across millions of lines, so each
// distinct value is JSON-encoded once and reused: the message is the only part encoded per line.

export class EventEncoder {
  private readonly quoted = new Map<string | null, string>();

  encode(event: SnapshotEvent): string {
    const marker = event.marker === undefined ? '' : `,"marker":${this.quote(event.marker)}`;
    return (
      `{"ts":${event.ts},"tsOrigin":${this.quote(event.tsOrigin)},"host":${this.quote(event.host)}` +
      `,"app":${this.quote(event.app)},"source":${this.quote(event.source)},"level":${this.quote(event.level)}` +
      `${marker},"message":${JSON.stringify(event.message)}}\n`
    );
  }

  private quote(value: string | null): string {
    let json = this.quoted.get(value);
    if (json === undefined) {
      json = JSON.stringify(value);
      if (this.quoted.size > 100_000) this.quoted.clear();
      this.quoted.set(value, json);
    }
    return json;
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
