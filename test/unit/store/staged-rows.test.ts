import { describe, expect, it } from 'vitest';
import { StagedRows } from '../../../src/engine/store/staged-rows';

const messageOf = (rows: StagedRows, i: number) =>
  rows.bytes.toString('utf8', rows.rowStart(i), rows.ends[i]);

function pushAll(rows: StagedRows, messages: readonly string[], firstKey = 0): void {
  messages.forEach((message, k) => rows.push(firstKey + k, firstKey + k, 4, message));
  rows.writeMessages();
}

describe('rows waiting in the merge stage', () => {
  it('keep each message as UTF-8, written at once for an ASCII batch and one by one for a mixed one', () => {
    const rows = new StagedRows();
    const ascii = ['GET /cart status=200', '', 'POST /pay status=502 took=31ms'];
    const mixed = ['café ouvert', 'plain', 'Zürich 🚀 status=500', '\ud800 lone surrogate'];
    pushAll(rows, ascii);
    pushAll(rows, mixed, ascii.length);
    const all = [...ascii, ...mixed];
    expect(rows.count).toBe(all.length);
    all.forEach((message, i) => {
      expect(messageOf(rows, i)).toBe(Buffer.from(message, 'utf8').toString('utf8'));
      expect(rows.isAscii(i)).toBe(/^[\x00-\x7f]*$/.test(message));
      expect([rows.keys[i], rows.ts[i], rows.flags[i]]).toEqual([i, i, 4]);
    });
  });

  it('make room for rows and bytes while messages are queued, taken rows reclaimed, nothing lost', () => {
    const rows = new StagedRows();
    const first = Array.from({ length: 600 }, (_, i) => `first ${i} ${'x'.repeat(i % 50)}`);
    pushAll(rows, first);
    rows.taken(400);
    // 3,000 rows of up to ~300 characters in one batch: more rows and bytes than held, and more
    // characters than are joined at once, all pushed before the batch's messages are written.
    const second = Array.from(
      { length: 3000 },
      (_, i) => `second ${i} ${i % 7 === 0 ? 'é' : 'e'} ${'y'.repeat(i % 300)}`,
    );
    pushAll(rows, second, 600);
    expect(rows.waiting).toBe(200 + 3000);
    const expected = [...first.slice(400), ...second];
    for (let k = 0; k < expected.length; k++) {
      const i = rows.start + k;
      expect(messageOf(rows, i)).toBe(expected[k]);
      expect(rows.keys[i]).toBe(400 + k);
      expect(rows.isAscii(i)).toBe(!expected[k].includes('é'));
    }
    expect(rows.waitingBytes()).toBe(expected.reduce((sum, m) => sum + Buffer.byteLength(m), 0));
  });
});
