import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, type AuditStarted } from '../../../src/engine/actions/audit-log';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempLog(): AuditLog {
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-audit-'));
  dirs.push(dir);
  return new AuditLog(path.join(dir, 'nested', 'audit.jsonl'));
}

const started = (id: string, at: number, params: Record<string, unknown> = {}): AuditStarted => ({
  type: 'started',
  id,
  planId: `plan-${id}`,
  at,
  user: 'oncall',
  app: 'checkout',
  plugin: 'haproxy',
  idempotencyKey: `key-${id}`,
  summary: 'Scale backend checkout from 2 to 4 servers',
  preview: ['enable server checkout/web3', 'enable server checkout/web4'],
  params,
  from: 2,
  to: 4,
});

describe('audit log', () => {
  it('appends one JSON line per entry and joins a start with its finish, newest first', async () => {
    const log = tempLog();
    await log.append(started('a', 1000));
    await log.append({
      type: 'finished',
      id: 'a',
      at: 1500,
      ok: true,
      message: 'done',
      verified: true,
      verification: '4 of 6',
      durationMs: 500,
    });
    await log.append(started('b', 2000));
    const lines = readFileSync(log.file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    const { records, unreadable } = await log.read();
    expect(unreadable).toBe(0);
    expect(records.map((r) => r.id)).toEqual(['b', 'a']);
    expect(records[1]).toMatchObject({
      user: 'oncall',
      startedAt: 1000,
      app: 'checkout',
      plugin: 'haproxy',
      idempotencyKey: 'key-a',
      from: 2,
      to: 4,
      result: { ok: true, message: 'done', verified: true, verification: '4 of 6' },
      durationMs: 500,
    });
    expect(records[0]).toMatchObject({ result: null, durationMs: null });
  });

  it('only ever appends: earlier lines stay byte for byte', async () => {
    const log = tempLog();
    await log.append(started('a', 1));
    const before = readFileSync(log.file, 'utf8');
    await log.append(started('b', 2));
    expect(readFileSync(log.file, 'utf8').startsWith(before)).toBe(true);
  });

  it('keeps whole lines when many actions append at once', async () => {
    const log = tempLog();
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(started(`n${i}`, i))));
    const { records, unreadable } = await log.read();
    expect(unreadable).toBe(0);
    expect(records).toHaveLength(50);
  });

  it('never writes a value under a secret-looking key', async () => {
    const log = tempLog();
    await log.append(
      started('a', 1, { url: 'https://hooks.example/scale', nested: { apiKey: 'abc123', token: 'xyz' } }),
    );
    const text = readFileSync(log.file, 'utf8');
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('xyz');
    expect((await log.read()).records[0].params).toEqual({
      url: 'https://hooks.example/scale',
      nested: { apiKey: '[redacted]', token: '[redacted]' },
    });
  });

  it('skips and counts a torn last line, reading the rest', async () => {
    const log = tempLog();
    await log.append(started('a', 1));
    appendFileSync(log.file, '{"type":"finished","id":"a","at":');
    const { records, unreadable } = await log.read();
    expect(unreadable).toBe(1);
    expect(records).toHaveLength(1);
  });

  it('reads an absent log as empty, and limits how many records come back', async () => {
    const log = tempLog();
    expect(await log.read()).toEqual({ records: [], unreadable: 0 });
    for (let i = 0; i < 5; i++) await log.append(started(`r${i}`, i));
    expect((await log.read(2)).records.map((r) => r.id)).toEqual(['r4', 'r3']);
  });
});
