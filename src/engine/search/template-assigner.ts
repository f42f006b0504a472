import { asciiTerms, indexTerms, keyHash, type AsciiTerms } from './log-tokenizer';

/** Term offsets kept from row to row (pairs); a longer array made for one huge line is let go. */
const MAX_KEPT_BOUNDS = 4096;

/** Called for each template the first time it is met: its id, its key and the terms it is made of. */
export type TemplateAdded = (id: number, key: string, terms: readonly string[]) => void;

/**
 * Gives each message the id of its template: the message's index terms, lowercased and joined by spaces
 * (the key). Lines that differ only in numbers and ids share one. ASCII messages are read from their
 * bytes and hashed while their terms are found, so a message of a known template makes no string; a hash
 * match is confirmed against the key. Ids count up from 0 in the order templates are met.
 */
export class TemplateAssigner {
  /** Template id → key. */
  readonly keys: string[] = [];
  /** Hash of a key → the template (or, on a collision, templates) with that key. */
  private readonly byHash = new Map<number, number | number[]>();
  private readonly hashSeed: number;
  /** Terms of the row being read, reused from row to row. */
  private readonly rowTerms: AsciiTerms = { bounds: new Int32Array(64), count: 0, hash: 0 };

  constructor(
    private readonly added: TemplateAdded,
    /** Where hashes start; a random value by default, so crafted lines cannot collide on purpose. */
    hashSeed?: number,
  ) {
    this.hashSeed = hashSeed ?? (Math.random() * 0x100000000) >>> 0;
  }

  /** The template of the ASCII message in bytes [start, end), added when new. */
  ascii(bytes: Buffer, start: number, end: number): number {
    // A huge line grew the offsets: not kept for the rows after it.
    if (this.rowTerms.bounds.length > MAX_KEPT_BOUNDS) this.rowTerms.bounds = new Int32Array(64);
    const { bounds, count, hash } = asciiTerms(bytes, start, end, this.rowTerms, this.hashSeed);
    // No closure per row here: this runs for every row indexed.
    const entry = this.byHash.get(hash);
    if (typeof entry === 'number' && sameTerms(this.keys[entry], bytes, bounds, count)) return entry;
    if (typeof entry === 'object')
      for (const id of entry) if (sameTerms(this.keys[id], bytes, bounds, count)) return id;
    const terms: string[] = [];
    for (let t = 0; t < count; t++)
      terms.push(bytes.toString('latin1', bounds[2 * t], bounds[2 * t + 1]).toLowerCase());
    return this.add(hash, terms.join(' '), terms);
  }

  /** The template of a message given as text, added when new. */
  text(message: string): number {
    const terms = indexTerms(message);
    const key = terms.join(' ');
    const hash = keyHash(key, this.hashSeed);
    const entry = this.byHash.get(hash);
    if (typeof entry === 'number' && this.keys[entry] === key) return entry;
    if (typeof entry === 'object') for (const id of entry) if (this.keys[id] === key) return id;
    return this.add(hash, key, terms);
  }

  private add(hash: number, key: string, terms: readonly string[]): number {
    const id = this.keys.length;
    this.keys.push(key);
    const entry = this.byHash.get(hash);
    if (entry === undefined) this.byHash.set(hash, id);
    else if (typeof entry === 'number') this.byHash.set(hash, [entry, id]);
    else entry.push(id);
    this.added(id, key, terms);
    return id;
  }
}

/** Whether `key` is the terms at `bounds` (pairs of offsets into bytes) lowercased and joined by spaces. */
function sameTerms(key: string, bytes: Buffer, bounds: Int32Array, count: number): boolean {
  let k = 0;
  for (let t = 0; t < count; t++) {
    if (t > 0 && key.charCodeAt(k++) !== 32) return false;
    for (let i = bounds[2 * t]; i < bounds[2 * t + 1]; i++)
      if (key.charCodeAt(k++) !== (bytes[i] | 0x20)) return false;
  }
  return k === key.length;
}
