import { describe, expect, it } from 'vitest';
import { FNV_OFFSET, keyHash } from '../../../src/engine/search/log-tokenizer';
import { SegmentIndex } from '../../../src/engine/search/segment-index';
import { Segment } from '../../../src/engine/store/segment';

function rows(segment: Segment, messages: string[]): void {
  for (const message of messages) segment.append(segment.count, segment.count, 0, 0, message);
}

describe('segment index', () => {
  it('gives lines of one template one id, whether read as ASCII bytes or as text', () => {
    const segment = new Segment(0, 64);
    const index = new SegmentIndex(segment);
    rows(segment, ['GET /api/orders 200 took=12ms', 'user KaRi logged in', 'get /API/orders 404 took=3ms']);
    index.indexTo(segment.count, Infinity);
    expect(segment.ascii).toBe(true);
    expect(index.templates).toBe(2);
    expect(index.templateOf[2]).toBe(index.templateOf[0]);
    // A non-ASCII line turns the segment to the text path; templates met before are found again.
    rows(segment, [
      'café au lait',
      'Get /api/ORDERS 500 took=9ms',
      'USER kari logged in',
      'user kari logged out',
    ]);
    index.indexTo(segment.count, Infinity);
    expect(segment.ascii).toBe(false);
    expect(index.templateOf[4]).toBe(index.templateOf[0]);
    expect(index.templateOf[5]).toBe(index.templateOf[1]);
    expect(index.templates).toBe(4);
    const marks = index.matchTemplates([{ text: 'kari', prefix: false }])!;
    expect([0, 1, 2, 3, 4, 5, 6].filter((r) => marks[index.templateOf[r]] === 1)).toEqual([1, 5, 6]);
  });

  it('keeps templates whose keys share a hash apart', () => {
    // Two keys with the same 32-bit FNV-1a hash from its standard start: the keys themselves decide.
    expect(keyHash('puxilm vwxkf')).toBe(keyHash('nsruds fetuz'));
    expect(keyHash('puxilm vwxkf', 12345)).not.toBe(keyHash('nsruds fetuz', 12345));
    for (const nonAscii of [false, true]) {
      const segment = new Segment(0, 64);
      const index = new SegmentIndex(segment, { hashSeed: FNV_OFFSET });
      rows(segment, [
        ...(nonAscii ? ['é'] : []),
        'PUXILM vwxkf 1',
        'nsruds fetuz 2',
        'puxilm VWXKF 3',
        'Nsruds Fetuz 4',
      ]);
      index.indexTo(segment.count, Infinity);
      const first = nonAscii ? 1 : 0;
      const ids = [0, 1, 2, 3].map((r) => index.templateOf[first + r]);
      expect(ids[0]).not.toBe(ids[1]);
      expect(ids[2]).toBe(ids[0]);
      expect(ids[3]).toBe(ids[1]);
      const marks = index.matchTemplates([{ text: 'fetuz', prefix: false }])!;
      expect(ids.map((id) => marks[id])).toEqual([0, 1, 0, 1]);
    }
  });
});
