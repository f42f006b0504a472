import SearchableMap from 'minisearch/SearchableMap';
import type { Segment } from '../store/segment';
import type { QueryTerm } from './query-parser';
import { TemplateAssigner } from './template-assigner';

/** Rough heap cost of one template's key entry, of one character of it, of a term and of a posting. */
const BYTES_PER_TEMPLATE = 120;
const BYTES_PER_TEMPLATE_CHAR = 2;
const BYTES_PER_TERM = 160;
const BYTES_PER_POSTING = 8;
/** Rows decoded at once while indexing. */
const DECODE_ROWS = 1024;

/** Templates assigned elsewhere (the index worker) to rows [from, to) of a segment. */
export interface AssignedRows {
  from: number;
  to: number;
  /** Template id of each row. */
  templateOf: Uint32Array;
  /** Keys of the templates first met in these rows, in id order, following those already known. */
  newKeys: readonly string[];
  /** The new templates' terms, each once, with the ids of the new templates holding it. */
  newPostings: TermPostings;
}

/** Terms and, for each, ascending template ids: ids[starts[t], starts[t + 1]) hold terms[t]. */
export interface TermPostings {
  terms: readonly string[];
  starts: Uint32Array;
  ids: Uint32Array;
}

/**
 * The full-text index of one segment. Lines that share their index terms (the same template with
 * different numbers and ids) share one template id, recorded per row; the term dictionary (MiniSearch's
 * radix tree, which also answers prefixes) maps each term to the ids of the templates holding it. A query
 * intersects those lists, then sweeps the rows' template ids in order. Results are shown in time order,
 * so no relevance score is computed: a common word costs one pass over its templates. The index covers
 * rows [0, indexed) and is dropped with its segment. Templates are assigned here (indexTo) or by the
 * index worker, whose results are applied (apply).
 */
export class SegmentIndex {
  readonly templateOf: Uint32Array;
  indexed = 0;
  /** Template id → its terms joined by spaces. */
  private readonly keys: string[] = [];
  /** Term → ascending ids of the templates holding it. */
  private readonly postings = new SearchableMap<number[]>();
  private postingCount = 0;
  /** Terms in the dictionary (its own `size` walks the whole tree). */
  private termCount = 0;
  private textChars = 0;
  private assigner: TemplateAssigner | null = null;

  constructor(
    readonly segment: Segment,
    private readonly options: { hashSeed?: number } = {},
  ) {
    this.templateOf = new Uint32Array(segment.capacity);
  }

  get templates(): number {
    return this.keys.length;
  }

  /** Indexes rows up to `upTo` (exclusive) or until `deadline` (ms, performance.now); returns rows done. */
  indexTo(upTo: number, deadline: number): number {
    const assigner = (this.assigner ??= new TemplateAssigner(
      (id, key, terms) => this.addTemplate(id, key, terms),
      this.options.hashSeed,
    ));
    const start = this.indexed;
    const segment = this.segment;
    while (this.indexed < upTo) {
      const from = this.indexed;
      const to = Math.min(upTo, from + DECODE_ROWS);
      const starts = segment.starts;
      if (segment.ascii) {
        // Every byte is a character: terms are read from the arena, and a string is made only for a new template.
        for (let r = from; r < to; r++)
          this.templateOf[r] = assigner.ascii(segment.arena, starts[r], starts[r + 1]);
      } else {
        for (let r = from; r < to; r++) this.templateOf[r] = assigner.text(segment.message(r));
      }
      this.indexed = to;
      if (performance.now() > deadline) break;
    }
    return this.indexed - start;
  }

  /**
   * Takes templates assigned by the index worker; the rows they cover are indexed from then on. Their
   * terms come grouped by term, so the dictionary is walked once per term, not once per template's term.
   */
  apply(rows: AssignedRows): void {
    for (const key of rows.newKeys) {
      this.keys.push(key);
      this.textChars += key.length;
    }
    const { terms, starts, ids } = rows.newPostings;
    for (let t = 0; t < terms.length; t++) {
      const list = this.postings.fetch(terms[t], () => {
        this.termCount++;
        return [];
      });
      for (let i = starts[t]; i < starts[t + 1]; i++) list.push(ids[i]);
      this.postingCount += starts[t + 1] - starts[t];
    }
    this.templateOf.set(rows.templateOf, rows.from);
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

  private addTemplate(id: number, key: string, terms: readonly string[]): void {
    this.keys.push(key);
    this.textChars += key.length;
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
  }
}
