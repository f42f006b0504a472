import { describe, expect, it } from 'vitest';
import { SourceIngest } from '../../../src/engine/ingest/source-ingest';
import { ownString } from '../../../src/engine/ingest/own-string';
import { heapUsedAfterGc } from '../../harness/heap';

const HEADER = '2026-12-02T18:36:00.000Z ERROR [checkout] unhandled exception, trace follows';
const id = (n: number) => ({ host: `web-${n}`, app: 'shop', source: '/var/log/app.log' });

/** A chunk's decoded text: lines of a stack-trace-prone log, the last one a header waiting for more. */
function chunkText(n: number, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `2026-12-02T18:35:${String(i % 60).padStart(2, '0')}.158Z INFO [checkout-${n}] request ${i} served in ${i % 97} ms`;
    lines.push(line);
    size += line.length + 1;
  }
  lines.push(HEADER);
  return lines.join('\n');
}

describe('SourceIngest', () => {
  it('joins a multi-line event across batches, whole', () => {
    const ingest = new SourceIngest(id(1), { format: 'auto' }, () => 0);
    const first = ingest.lines(chunkText(1, 4096).split('\n'));
    expect(first.every((e) => e.level === 'info')).toBe(true);
    const second = ingest.lines([
      'java.lang.IllegalStateException: empty cart',
      '\tat Cart.total(Cart.java:42)',
    ]);
    expect(second).toEqual([]);
    const [event] = ingest.flush();
    expect(event.level).toBe('error');
    expect(event.message).toBe(
      `${HEADER}\njava.lang.IllegalStateException: empty cart\n\tat Cart.total(Cart.java:42)`,
    );
  });

  it('does not keep the text of a batch alive for the event still waiting at its end', () => {
    const sources = Array.from(
      { length: 40 },
      (_, n) => new SourceIngest(id(n), { format: 'auto' }, () => 0),
    );
    const before = heapUsedAfterGc();
    sources.forEach((ingest, n) => {
      // Each batch's text is a megabyte; every source keeps its batch's last event, waiting for continuations.
      const events = ingest.lines(chunkText(n, 1024 * 1024).split('\n'));
      expect(events.length).toBeGreaterThan(10_000);
    });
    const kept = heapUsedAfterGc() - before;
    // Forty megabytes would stay if each waiting event kept its batch's text.
    expect(kept).toBeLessThan(8 * 1024 * 1024);
    for (const ingest of sources) expect(ingest.flush()[0].message).toBe(HEADER);
  });
});

describe('ownString', () => {
  it('gives the same text back, multibyte characters included', () => {
    for (const text of [
      '',
      'short',
      'x'.repeat(13),
      'é café ü 日本語のログ 🚨 alert 🔥 Ångström ∑ 𝄞 '.repeat(20),
    ])
      expect(ownString(text)).toBe(text);
  });
});
