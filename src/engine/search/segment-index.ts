import SearchableMap from 'minisearch/SearchableMap';
import type { Segment } from '../store/segment';
import { indexTerms } from './log-tokenizer';
import type { QueryTerm } from './query-parser';

/** Rough heap cost of one template's key entry, of one character of it, of a term and of a posting. */
const BYTES_PER_TEMPLATE = 120;
const BYTES_PER_TEMPLATE_CHAR = 2;
const BYTES_PER_TERM = 160;
const BYTES_PER_POSTING = 8;
/** Rows decoded at once while indexing. */
const DECODE_ROWS = 1024;

/**
 * The full-text index of one segment. Lines that share their index terms (the same template with
 * different numbers and ids) share one template id, recorded per row; the term dictionary (MiniSearch's
 * radix tree, which also answers prefixes) maps each term to the ids of the templates holding it. A query
 * intersects those lists, then sweeps the rows' template ids in order. Results are shown in time order,
 * so no relevance score is computed: a common word costs one pass over its templates. The index covers
 * rows [0, indexed) and is dropped with its segment.
 */
export class SegmentIndex {
  readonly templateOf: Uint32Array;
  indexed = 0;
  private readonly ids = new Map<string, number>();
  /** Term → ascending ids of the templates holding it. */
  private readonly postings = new SearchableMap<number[]>();
  private postingCount = 0;
  private textChars = 0;

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
   * Marks the templates holding every term (a prefix term: any word starting with it), as a lookup table
   * by template id; null when no template does (nothing in the indexed rows can match).
   */
  matchTemplates(terms: readonly QueryTerm[]): Uint8Array | null {
    let marks: Uint8Array | null = null;
    for (const term of terms) {
      const held = new Uint8Array(this.ids.size);
      let any = false;
      for (const list of this.lists(term)) {
        for (const id of list) {
          if (marks === null || marks[id] === 1) {
            held[id] = 1;
            any = true;
          }
        }
      }
      if (!any) return null;
      marks = held;
    }
    return marks;
  }

  memoryBytes(): number {
    return (
      this.templateOf.byteLength +
      this.ids.size * BYTES_PER_TEMPLATE +
      this.textChars * BYTES_PER_TEMPLATE_CHAR +
      this.postings.size * BYTES_PER_TERM +
      this.postingCount * BYTES_PER_POSTING
    );
  }

  private lists(term: QueryTerm): Iterable<number[]> {
    if (term.prefix) return this.postings.atPrefix(term.text).values();
    const list = this.postings.get(term.text);
    return list === undefined ? [] : [list];
  }

  private assign(row: number, message: string): void {
    const terms = indexTerms(message);
    const key = terms.join(' ');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
      this.textChars += key.length;
      for (const term of terms) {
        const list = this.postings.fetch(term, () => []);
        // A term repeated in the template is listed once.
        if (list[list.length - 1] !== id) {
          list.push(id);
          this.postingCount++;
        }
      }
    }
    this.templateOf[row] = id;
  }
}
