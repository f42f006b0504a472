import MiniSearch from 'minisearch';
import type { Segment } from '../store/segment';
import { templateKey } from './log-tokenizer';
import type { QueryTerm } from './query-parser';

/** Rough heap cost of one MiniSearch document and of one character of its text, for the memory budget. */
const BYTES_PER_TEMPLATE = 400;
const BYTES_PER_TEMPLATE_CHAR = 6;
/** Rows decoded at once while indexing. */
const DECODE_ROWS = 1024;

interface TemplateDoc {
  id: number;
  text: string;
}

/**
 * The full-text index of one segment. Lines that share their index terms (the same template with
 * different numbers and ids) become one MiniSearch document, and each row records its template's id:
 * MiniSearch indexes a few thousand templates instead of tens of thousands of lines, and a query is
 * answered by looking up matching templates, then sweeping the rows' template ids in order. The index
 * covers rows [0, indexed) and is dropped with its segment.
 */
export class SegmentIndex {
  readonly templateOf: Uint32Array;
  indexed = 0;
  private readonly ids = new Map<string, number>();
  private textChars = 0;
  private readonly mini = new MiniSearch<TemplateDoc>({
    fields: ['text'],
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term || null,
    searchOptions: { combineWith: 'AND' },
  });

  constructor(readonly segment: Segment) {
    this.templateOf = new Uint32Array(segment.capacity);
  }

  get templates(): number {
    return this.ids.size;
  }

  /** Indexes rows up to `upTo` (exclusive) or until `deadline` (ms, performance.now); returns rows done. */
  indexTo(upTo: number, deadline: number): number {
    const start = this.indexed;
    const segment = this.segment;
    while (this.indexed < upTo) {
      const from = this.indexed;
      const to = Math.min(upTo, from + DECODE_ROWS);
      const starts = segment.starts;
      if (segment.ascii) {
        // One decode for a block of rows, then cheap slices: every byte is a character.
        const base = starts[from];
        const text = segment.arena.toString('latin1', base, starts[to]);
        for (let r = from; r < to; r++) this.assign(r, text.slice(starts[r] - base, starts[r + 1] - base));
      } else {
        for (let r = from; r < to; r++) this.assign(r, segment.message(r));
      }
      this.indexed = to;
      if (performance.now() > deadline) break;
    }
    return this.indexed - start;
  }

  /**
   * Marks the templates holding every term, as a lookup table by template id; null when no template
   * does (nothing in the indexed rows can match).
   */
  matchTemplates(terms: readonly QueryTerm[]): Uint8Array | null {
    const prefixes = new Set(terms.filter((t) => t.prefix).map((t) => t.text));
    const results = this.mini.search(terms.map((t) => t.text).join(' '), {
      combineWith: 'AND',
      prefix: (term) => prefixes.has(term),
      fuzzy: false,
    });
    if (results.length === 0) return null;
    const marks = new Uint8Array(this.ids.size);
    for (const result of results) marks[result.id as number] = 1;
    return marks;
  }

  memoryBytes(): number {
    return (
      this.templateOf.byteLength +
      this.ids.size * BYTES_PER_TEMPLATE +
      this.textChars * BYTES_PER_TEMPLATE_CHAR
    );
  }

  private assign(row: number, message: string): void {
    const key = templateKey(message);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
      this.textChars += key.length;
      if (key.length > 0) this.mini.add({ id, text: key });
    }
    this.templateOf[row] = id;
  }
}
