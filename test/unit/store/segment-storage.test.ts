import { describe, expect, it } from 'vitest';
import type { ArenaSource } from '../../../src/engine/store/arena-source';
import { Segment } from '../../../src/engine/store/segment';

/** Hands out buffers full of garbage and remembers the sizes asked for. */
function recordingSource(): ArenaSource & { taken: number[] } {
  const taken: number[] = [];
  return {
    taken,
    take(bytes) {
      taken.push(bytes);
      return Buffer.allocUnsafeSlow(bytes).fill(0xa5);
    },
    dispose() {},
  };
}

function fill(segment: Segment, rows: number): void {
  for (let i = 0; i < rows; i++)
    expect(segment.append(1_000 + i, i, i % 7, i % 3, `row ${i} ${'é'.repeat(i % 4)}`)).toBe(true);
}

function expectRows(segment: Segment, rows: number): void {
  expect(segment.count).toBe(rows);
  for (let i = 0; i < rows; i++) {
    expect(segment.ts[i]).toBe(1_000 + i);
    expect(segment.stream[i]).toBe(i % 7);
    expect(segment.flags[i]).toBe(i % 3);
    expect(segment.message(i)).toBe(`row ${i} ${'é'.repeat(i % 4)}`);
  }
}

describe("a segment's memory", () => {
  it('takes its columns as one buffer from the arena source, beside its arena, and keeps them apart', () => {
    const source = recordingSource();
    const capacity = 1_000;
    const segment = new Segment(0, capacity, 16, {}, source);
    expect(source.taken).toEqual([capacity * 17 + 4, capacity * 16]);
    expect(segment.starts[0]).toBe(0);
    fill(segment, capacity);
    expectRows(segment, capacity);
  });

  it("reuses a dropped segment's columns and arena without asking for memory", () => {
    const source = recordingSource();
    const dropped = new Segment(0, 500, 16, {}, source);
    fill(dropped, 500);
    const storage = dropped.release();
    source.taken.length = 0;
    const segment = new Segment(500, 500, storage.arena.length / 500, storage, source);
    expect(source.taken).toEqual([]);
    fill(segment, 300);
    expectRows(segment, 300);
  });
});
