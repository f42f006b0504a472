import SearchableMap from 'minisearch/SearchableMap';
import type { Segment } from '../store/segment';
import { asciiTerms, indexTerms, keyHash, type AsciiTerms } from './log-tokenizer';
import type { QueryTerm } from './query-parser';

/** Rough heap cost of one template's key entry, of one character of it, of a term and of a posting. */
const BYTES_PER_TEMPLATE = 120;
const BYTES_PER_TEMPLATE_CHAR = 2;
const BYTES_PER_TERM = 160;
const BYTES_PER_POSTING = 8;
/** Term offsets kept from row to row (pairs); a longer array made for one huge line is let go. */
const MAX_KEPT_BOUNDS = 4096;
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
  /** Template id → its terms joined by spaces. */
  private readonly keys: string[] = [];
  /** Hash of a key → the template (or, on a collision, templates) with that key. */
  private readonly byHash = new Map<number, number | number[]>();
  private readonly hashSeed: number;
  /** Terms of the row being indexed, reused from row to row. */
  private readonly rowTerms: AsciiTerms = { bounds: new Int32Array(64), count: 0, hash: 0 };
  /** Term → ascending ids of the templates holding it. */
  private readonly postings = new SearchableMap<number[]>();
  private postingCount = 0;
  /** Terms in the dictionary (its own `size` walks the whole tree). */
  private termCount = 0;
  private textChars = 0;

  constructor(
    readonly segment: Segment,
    options: { hashSeed?: number } = {},
  ) {
    this.templateOf = new Uint32Array(segment.capacity);
    this.hashSeed = options.hashSeed ?? (Math.random() * 0x100000000) >>> 0;
  }

  get templates(): number {
    return this.keys.length;
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
        // Every byte is a character: terms are read from the arena, and a string is made only for a new template.
        for (let r = from; r < to; r++) this.templateOf[r] = this.asciiTemplate(starts[r], starts[r + 1]);
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
      const held = new Uint8Array(this.keys.length);
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
      this.keys.length * BYTES_PER_TEMPLATE +
      this.textChars * BYTES_PER_TEMPLATE_CHAR +
      this.termCount * BYTES_PER_TERM +
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
    const hash = keyHash(key, this.hashSeed);
    const found = this.lookup(hash, (candidate) => candidate === key);
    this.templateOf[row] = found >= 0 ? found : this.addTemplate(hash, key, terms);
  }

  /** The template of the ASCII message in arena bytes [start, end), added when new. */
  private asciiTemplate(start: number, end: number): number {
    const arena = this.segment.arena;
    // A huge line grew the offsets: not kept for the rows after it.
    if (this.rowTerms.bounds.length > MAX_KEPT_BOUNDS) this.rowTerms.bounds = new Int32Array(64);
    const { bounds, count, hash } = asciiTerms(arena, start, end, this.rowTerms, this.hashSeed);
    const same = (key: string): boolean => {
      let k = 0;
      for (let t = 0; t < count; t++) {
        if (t > 0 && key.charCodeAt(k++) !== 32) return false;
        for (let i = bounds[2 * t]; i < bounds[2 * t + 1]; i++)
          if (key.charCodeAt(k++) !== (arena[i] | 0x20)) return false;
      }
      return k === key.length;
    };
    const known = this.lookup(hash, same);
    if (known >= 0) return known;
    const terms: string[] = [];
    for (let t = 0; t < count; t++)
      terms.push(arena.toString('latin1', bounds[2 * t], bounds[2 * t + 1]).toLowerCase());
    return this.addTemplate(hash, terms.join(' '), terms);
  }

  private lookup(hash: number, same: (key: string) => boolean): number {
    const entry = this.byHash.get(hash);
    if (entry === undefined) return -1;
    if (typeof entry === 'number') return same(this.keys[entry]) ? entry : -1;
    for (const id of entry) if (same(this.keys[id])) return id;
    return -1;
  }

  private addTemplate(hash: number, key: string, terms: readonly string[]): number {
    const id = this.keys.length;
    this.keys.push(key);
    this.textChars += key.length;
    const entry = this.byHash.get(hash);
    if (entry === undefined) this.byHash.set(hash, id);
    else if (typeof entry === 'number') this.byHash.set(hash, [entry, id]);
    else entry.push(id);
    for (const term of terms) {
      const list = this.postings.fetch(term, () => {
        this.termCount++;
        return [];
      });
      // A term repeated in the template is listed once.
      if (list[list.length - 1] !== id) {
        list.push(id);
        this.postingCount++;
      }
    }
    return id;
  }
}
