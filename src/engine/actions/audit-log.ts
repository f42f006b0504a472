import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditRecord } from '../../shared/action-types';
import { SECRET_KEY_PATTERN } from '../../shared/profile-schema';

/** Written when an action starts, so one that never finishes (the workbench stopped) still shows. */
export interface AuditStarted {
  type: 'started';
  id: string;
  planId: string;
  at: number;
  user: string;
  app: string;
  plugin: string;
  idempotencyKey: string;
  summary: string;
  preview: string[];
  params: Record<string, unknown>;
  from: number | null;
  to: number;
}

export interface AuditFinished {
  type: 'finished';
  id: string;
  at: number;
  ok: boolean;
  message: string;
  verified: boolean | null;
  verification: string;
  durationMs: number;
}

export type AuditEntry = AuditStarted | AuditFinished;

export interface AuditLogContents {
  /** Newest first. */
  records: (AuditRecord & { planId: string })[];
  /** Lines that were not valid entries (a torn last line after a crash, or edits by hand). */
  unreadable: number;
}

/** Replaces values under secret-looking keys, at any depth: an audit entry never holds a secret. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_KEY_PATTERN.test(k) ? '[redacted]' : redactSecrets(v),
      ]),
    );
  }
  return value;
}

/**
 * The append-only audit log: one JSON object per line, only ever appended to (O_APPEND), never
 * rewritten. Appends are serialised so concurrent actions never interleave within a line.
 */
export class AuditLog {
  private tail: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  append(entry: AuditEntry): Promise<void> {
    const line = `${JSON.stringify(entry.type === 'started' ? { ...entry, params: redactSecrets(entry.params) } : entry)}\n`;
    const write = this.tail.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      await appendFile(this.file, line, { encoding: 'utf8', mode: 0o600, flag: 'a' });
    });
    this.tail = write.catch(() => undefined);
    return write;
  }

  /** Every action in the log, newest first, a start and its finish joined into one record. */
  async read(limit = Number.POSITIVE_INFINITY): Promise<AuditLogContents> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], unreadable: 0 };
      throw new Error(`cannot read the audit log ${this.file}: ${(err as Error).message}`, { cause: err });
    }
    const started = new Map<string, AuditStarted>();
    const finished = new Map<string, AuditFinished>();
    let unreadable = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const entry = JSON.parse(line) as AuditEntry;
        if (entry.type === 'started' && typeof entry.id === 'string') started.set(entry.id, entry);
        else if (entry.type === 'finished' && typeof entry.id === 'string') finished.set(entry.id, entry);
        else unreadable++;
      } catch {
        unreadable++;
      }
    }
    const records = [...started.values()]
      .map((s) => {
        const f = finished.get(s.id);
        return {
          id: s.id,
          planId: s.planId,
          user: s.user,
          startedAt: s.at,
          app: s.app,
          plugin: s.plugin,
          idempotencyKey: s.idempotencyKey,
          summary: s.summary,
          preview: s.preview,
          params: s.params,
          from: s.from,
          to: s.to,
          result: f
            ? { ok: f.ok, message: f.message, verified: f.verified, verification: f.verification }
            : null,
          durationMs: f ? f.durationMs : null,
        };
      })
      .sort((a, b) => b.startedAt - a.startedAt);
    return { records: records.slice(0, limit), unreadable };
  }
}
