import { isAscii } from 'node:buffer';

/** Longest line kept whole; the rest of a longer line is dropped and counted, so one bad line cannot exhaust memory. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

/** A run of NUL bytes skipped between two lines (see LineSplitter). */
export interface Hole {
  /** Index in `lines` of the first line after the hole. */
  beforeLine: number;
  bytes: number;
}

export interface SplitResult {
  lines: string[];
  /**
   * Complete lines after `lines`, not decoded yet (splitters made to defer decoding; see LineText).
   * Valid during the call that receives it.
   */
  text?: LineText;
  /** Holes among the lines, in order (absent when none; never with `text`). */
  holes?: Hole[];
  /** Bytes of the lines completed by this call, including their parts received earlier (offsets advance by these). */
  bytes: number;
}

/** What every splitter of a byte stream into lines does. */
export interface ByteLineSplitter {
  push(chunk: Buffer): SplitResult;
  /** Ends the stream: a last line without a newline is returned too. */
  flush(): SplitResult;
  /** Bytes of a line whose newline has not come yet are held. */
  readonly hasPartial: boolean;
  /** Lines cut at the longest line kept. */
  readonly truncatedLines: number;
}

/** What ends a line: a newline (CRLF included), or a carriage return alone in text written that way. */
export type LineEnd = 'lf' | 'cr';

/**
 * Complete lines as the UTF-8 bytes they came in, the last one's end excluded: what a splitter that
 * defers decoding hands over, so that the lines can be decoded where they are parsed (another thread).
 */
export interface LineText {
  /** The start of the first line, received before `bytes` (absent when `bytes` starts a line). */
  head?: Uint8Array;
  bytes: Uint8Array;
  lineEnd: LineEnd;
  maxLineBytes: number;
}

/** Decodes a LineText's lines, as the splitter would have (half CRLFs dropped, gigantic lines cut). */
export function decodeLines(text: LineText, onTruncated?: () => void): string[] {
  const { head, bytes, lineEnd, maxLineBytes } = text;
  const all = head === undefined ? bytes : Buffer.concat([head, bytes]);
  const buffer = Buffer.from(all.buffer, all.byteOffset, all.byteLength);
  // 7-bit text (most logs) is the same read as Latin-1, which is a copy: half the time of decoding UTF-8.
  const decoded = isAscii(buffer) ? buffer.toString('latin1') : buffer.toString('utf8');
  const lines = decoded.split(lineEnd === 'lf' ? '\n' : '\r');
  for (let i = 0; i < lines.length; i++) lines[i] = clipLine(lines[i], lineEnd, maxLineBytes, onTruncated);
  return lines;
}

/** Every line of a split, decoded. */
export function splitLines(result: SplitResult): string[] {
  return result.text ? [...result.lines, ...decodeLines(result.text)] : result.lines;
}

/** A line without a CRLF's other half (its CR before a newline, its LF after a carriage return), cut when gigantic. */
function clipLine(line: string, lineEnd: LineEnd, maxLineBytes: number, onTruncated?: () => void): string {
  let text = line;
  if (lineEnd === 'lf') {
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
  } else if (text.charCodeAt(0) === 10) {
    text = text.slice(1);
  }
  if (text.length <= maxLineBytes) return text;
  onTruncated?.();
  return truncatedLine(text.slice(0, maxLineBytes), Buffer.byteLength(text));
}

function truncatedLine(head: string, bytes: number): string {
  return `${head} … [line truncated: ${bytes} bytes]`;
}

/**
 * NUL bytes in a row from which they are no text but a hole: what a file keeps of space it had been given
 * when the machine stopped before the writes landed (a crash, a power cut), and what it had since.
 */
const NUL_RUN_BYTES = 8;

/**
 * Splits a byte stream into complete lines. Decodes each batch of complete lines with one toString and
 * split (several times faster than per-line decoding), carries the partial last line to the next chunk,
 * and truncates gigantic lines without buffering them. A run of NUL bytes (a crash's hole) ends the line
 * it interrupts and is skipped, said as a hole, so that the lines written after it are read as lines.
 */
export class LineSplitter implements ByteLineSplitter {
  private carry: Buffer | null = null;
  private overlong: { head: string; bytes: number } | null = null;
  /** NUL bytes ending the stream so far: a hole if the run proves long enough, text if not. */
  private heldNuls = 0;
  truncatedLines = 0;
  private readonly countTruncated = (): void => {
    this.truncatedLines++;
  };
  private readonly endByte: number;

  /** `deferDecoding`: a chunk's complete lines are handed over as bytes (SplitResult.text). */
  constructor(
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
    private readonly lineEnd: LineEnd = 'lf',
    private readonly deferDecoding = false,
  ) {
    this.endByte = lineEnd === 'lf' ? 0x0a : 0x0d;
  }

  get hasPartial(): boolean {
    return this.carry !== null || this.overlong !== null || this.heldNuls > 0;
  }

  push(chunk: Buffer): SplitResult {
    // One native scan per chunk keeps text without NULs on the fast path.
    return this.heldNuls === 0 && chunk.indexOf(0) < 0 ? this.pushText(chunk) : this.pushWithNuls(chunk);
  }

  /** Ends the stream: a last line without a newline is returned too. */
  flush(): SplitResult {
    return joinResults([this.releaseNuls(), this.flushText()]);
  }

  /** Text and runs of NULs in turn; a run reaching the chunk's end waits to see how long it is. */
  private pushWithNuls(chunk: Buffer): SplitResult {
    const results: SplitResult[] = [];
    let from = 0;
    while (from < chunk.length) {
      if (this.heldNuls === 0) {
        const nul = chunk.indexOf(0, from);
        const textEnd = nul < 0 ? chunk.length : nul;
        if (textEnd > from) results.push(this.pushText(chunk.subarray(from, textEnd)));
        if (nul < 0) break;
        from = nul;
      }
      let end = from;
      while (end < chunk.length && chunk[end] === 0) end++;
      this.heldNuls += end - from;
      if (end === chunk.length) break;
      results.push(this.releaseNuls());
      from = end;
    }
    return joinResults(results);
  }

  /**
   * The NULs held, once their run has ended: a hole (ending the line it interrupts) when long enough, else
   * text of the line they are in.
   */
  private releaseNuls(): SplitResult {
    const count = this.heldNuls;
    if (count === 0) return { lines: [], bytes: 0 };
    this.heldNuls = 0;
    if (count < NUL_RUN_BYTES) return this.pushText(Buffer.alloc(count));
    const interrupted = this.flushText();
    return {
      lines: interrupted.lines,
      bytes: interrupted.bytes + count,
      holes: [{ beforeLine: interrupted.lines.length, bytes: count }],
    };
  }

  private pushText(chunk: Buffer): SplitResult {
    const lines: string[] = [];
    let bytes = 0;
    let data = chunk;
    if (this.overlong) {
      const nl = data.indexOf(this.endByte);
      if (nl < 0) {
        this.overlong.bytes += data.length;
        return { lines, bytes };
      }
      this.overlong.bytes += nl;
      lines.push(this.truncated(this.overlong.head, this.overlong.bytes));
      bytes += this.overlong.bytes + 1;
      this.overlong = null;
      data = data.subarray(nl + 1);
    }
    let head: Buffer | undefined;
    if (this.carry) {
      const nl = data.indexOf(this.endByte);
      if (nl < 0 || this.carry.length + nl > this.maxLineBytes) {
        data = Buffer.concat([this.carry, data]);
      } else if (this.deferDecoding) {
        // The carried start goes before the chunk's lines, to be decoded with them: one piece of text.
        head = this.carry;
      } else {
        // Only the carried line's end is joined to it: the rest of the chunk is decoded where it lies.
        lines.push(this.clip(Buffer.concat([this.carry, data.subarray(0, nl)]).toString('utf8')));
        bytes += this.carry.length + nl + 1;
        data = data.subarray(nl + 1);
      }
      this.carry = null;
    }
    const last = data.lastIndexOf(this.endByte);
    let text: LineText | undefined;
    if (last >= 0) {
      text = { bytes: data.subarray(0, last), lineEnd: this.lineEnd, maxLineBytes: this.maxLineBytes };
      if (head !== undefined) text.head = head;
      bytes += (head?.length ?? 0) + last + 1;
    }
    const rest = data.subarray(last + 1);
    if (rest.length > this.maxLineBytes) {
      this.overlong = { head: rest.toString('utf8', 0, this.maxLineBytes), bytes: rest.length };
    } else if (rest.length > 0) {
      this.carry = Buffer.from(rest);
    }
    if (text === undefined) return { lines, bytes };
    if (this.deferDecoding) return { lines, text, bytes };
    for (const line of decodeLines(text, this.countTruncated)) lines.push(line);
    return { lines, bytes };
  }

  /** Ends the text so far: a last line without a newline is returned too. */
  private flushText(): SplitResult {
    if (this.overlong) {
      const { head, bytes } = this.overlong;
      this.overlong = null;
      return { lines: [this.truncated(head, bytes)], bytes };
    }
    if (!this.carry) return { lines: [], bytes: 0 };
    const carry = this.carry;
    this.carry = null;
    // The LF of a last CRLF in text whose lines end with CR: no line of its own.
    if (this.lineEnd === 'cr' && carry.length === 1 && carry[0] === 0x0a) return { lines: [], bytes: 1 };
    return { lines: [this.clip(carry.toString('utf8'))], bytes: carry.length };
  }

  private truncated(head: string, bytes: number): string {
    this.truncatedLines++;
    return truncatedLine(head, bytes);
  }

  private clip(line: string): string {
    return clipLine(line, this.lineEnd, this.maxLineBytes, this.countTruncated);
  }
}

/** Results of consecutive pushes as one: lines in order, bytes summed, holes placed among the lines. */
function joinResults(results: readonly SplitResult[]): SplitResult {
  if (results.length === 1) return results[0];
  const lines: string[] = [];
  const holes: Hole[] = [];
  let bytes = 0;
  for (const result of results) {
    for (const hole of result.holes ?? [])
      holes.push({ ...hole, beforeLine: hole.beforeLine + lines.length });
    for (const line of splitLines(result)) lines.push(line);
    bytes += result.bytes;
  }
  return holes.length > 0 ? { lines, bytes, holes } : { lines, bytes };
}

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

/** First bytes looked at for UTF-16's NUL pattern. */
const SNIFFED_BYTES = 256;
const MIN_SNIFFED_BYTES = 16;

/**
 * The encoding of a stream of log text from its first bytes: UTF-16 when they are a byte order mark at the
 * start of the file, or text in which every other byte is NUL (Latin text in UTF-16: SQL Server's
 * errorlog, Windows tools' output); UTF-8 (or anything ASCII-compatible) otherwise. `startOffset` is
 * where the bytes lie in the file: which half of a UTF-16 unit the NULs fall on tells its byte order.
 */
export function sniffEncoding(head: Buffer, startOffset = 0): TextEncoding {
  if (startOffset === 0 && head.length >= 2) {
    if (head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
    if (head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  }
  const n = Math.min(head.length, SNIFFED_BYTES);
  if (n < MIN_SNIFFED_BYTES) return 'utf8';
  const nuls = [0, 0];
  for (let i = 0; i < n; i++) if (head[i] === 0) nuls[(startOffset + i) & 1]++;
  const half = n / 2;
  if (nuls[1] >= 0.9 * half && nuls[0] <= 0.1 * half) return 'utf16le';
  if (nuls[0] >= 0.9 * half && nuls[1] <= 0.1 * half) return 'utf16be';
  return 'utf8';
}

/**
 * How lines end in text from its first bytes: with a carriage return alone (classic Mac OS, some devices'
 * and Windows tools' logs) when they hold one followed by something other than a newline and no newline at
 * all; with a newline (or CRLF) otherwise. Left to newlines, such text would be one line, cut at the
 * longest line kept.
 */
export function sniffLineEnd(head: Buffer): LineEnd {
  return head.indexOf(0x0a) < 0 && endsALine(head) ? 'cr' : 'lf';
}

/** Whether `head` holds a newline, or a carriage return that is not the first half of a CRLF still arriving. */
function endsALine(head: Buffer): boolean {
  if (head.indexOf(0x0a) >= 0) return true;
  const cr = head.indexOf(0x0d);
  return cr >= 0 && cr < head.length - 1;
}

/**
 * Splits UTF-16 text into lines, counting source bytes (so offsets into the file stay exact). A stream
 * starting in the middle of a unit (after a newline's first byte) skips to the next one. Lines longer than
 * the limit (in UTF-16 bytes) are cut, the rest counted, as LineSplitter does.
 */
export class Utf16LineSplitter implements ByteLineSplitter {
  private carry: Buffer = Buffer.alloc(0);
  /** Source bytes before `carry` that belong to its line: a skipped half unit, or a cut line's dropped part. */
  private carriedBytes = 0;
  private overlong: { head: string; bytes: number } | null = null;
  truncatedLines = 0;

  constructor(
    readonly encoding: 'utf16le' | 'utf16be',
    startOffset = 0,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {
    if (startOffset % 2 === 1) this.carriedBytes = -1;
  }

  get hasPartial(): boolean {
    return this.carry.length > 0 || this.overlong !== null;
  }

  push(chunk: Buffer): SplitResult {
    let data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    if (this.carriedBytes < 0 && data.length > 0) {
      data = data.subarray(1);
      this.carriedBytes = 1;
    }
    const lines: string[] = [];
    let bytes = 0;
    let start = 0;
    const newlineAt = this.encoding === 'utf16le' ? 0 : 1;
    for (let i = 0; i + 1 < data.length; i += 2) {
      if (data[i + newlineAt] !== 0x0a || data[i + 1 - newlineAt] !== 0) continue;
      const line = this.overlong
        ? this.truncated(this.overlong.head, this.overlong.bytes + i - start)
        : this.clip(this.decode(data, start, i));
      lines.push(line);
      bytes += this.carriedBytes + i + 2 - start;
      this.carriedBytes = 0;
      this.overlong = null;
      start = i + 2;
    }
    let rest = data.subarray(start);
    if (this.overlong) {
      this.overlong.bytes += rest.length - (rest.length % 2);
      this.carriedBytes += rest.length - (rest.length % 2);
      rest = rest.subarray(rest.length - (rest.length % 2));
    } else if (rest.length > this.maxLineBytes) {
      const kept = this.maxLineBytes - (this.maxLineBytes % 2);
      this.overlong = { head: this.decode(rest, 0, kept), bytes: rest.length - (rest.length % 2) };
      this.carriedBytes += rest.length - (rest.length % 2);
      rest = rest.subarray(rest.length - (rest.length % 2));
    }
    this.carry = Buffer.from(rest);
    return { lines, bytes };
  }

  flush(): SplitResult {
    const bytes = this.carriedBytes + this.carry.length;
    let lines: string[] = [];
    if (this.overlong) lines = [this.truncated(this.overlong.head, this.overlong.bytes)];
    else if (this.carry.length > 0) lines = [this.clip(this.decode(this.carry, 0, this.carry.length))];
    this.carry = Buffer.alloc(0);
    this.carriedBytes = 0;
    this.overlong = null;
    return { lines, bytes: lines.length > 0 ? bytes : 0 };
  }

  private decode(data: Buffer, start: number, end: number): string {
    const units = data.subarray(start, end - ((end - start) % 2));
    if (this.encoding === 'utf16le') return units.toString('utf16le');
    return Buffer.from(units).swap16().toString('utf16le');
  }

  private truncated(head: string, bytes: number): string {
    this.truncatedLines++;
    return `${head} … [line truncated: ${bytes} bytes]`;
  }

  private clip(line: string): string {
    return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
  }
}

/**
 * Splits a stream of any of the encodings `sniffEncoding` tells apart, deciding from its first bytes (a
 * tail's first read of a file is a whole frame, so UTF-16's pattern shows at once). A first chunk too short
 * to judge waits for more, unless it already holds a whole line and no NUL: that is not UTF-16.
 */
export class SniffingLineSplitter implements ByteLineSplitter {
  private inner: ByteLineSplitter | null = null;
  private pending: Buffer = Buffer.alloc(0);

  /** `deferDecoding`: UTF-8 lines are handed over as bytes (see LineSplitter). */
  constructor(
    private readonly startOffset = 0,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
    private readonly deferDecoding = false,
  ) {}

  get encoding(): TextEncoding | null {
    if (this.inner === null) return null;
    return this.inner instanceof Utf16LineSplitter ? this.inner.encoding : 'utf8';
  }

  get truncatedLines(): number {
    return this.inner?.truncatedLines ?? 0;
  }

  get hasPartial(): boolean {
    return this.inner !== null ? this.inner.hasPartial : this.pending.length > 0;
  }

  push(chunk: Buffer): SplitResult {
    if (this.inner !== null) return this.inner.push(chunk);
    const head = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const tooShort = head.length < MIN_SNIFFED_BYTES && (head.indexOf(0x0a) < 0 || head.indexOf(0) >= 0);
    // How lines end shows once one has ended: a first line still arriving is waited for (up to the longest kept).
    if (tooShort || (head.length < this.maxLineBytes && !endsALine(head))) {
      this.pending = Buffer.from(head);
      return { lines: [], bytes: 0 };
    }
    this.pending = Buffer.alloc(0);
    return this.decide(head).push(head);
  }

  flush(): SplitResult {
    if (this.inner === null && this.pending.length > 0) {
      const head = this.pending;
      this.pending = Buffer.alloc(0);
      const first = this.decide(head).push(head);
      return joinResults([first, this.inner!.flush()]);
    }
    return this.inner?.flush() ?? { lines: [], bytes: 0 };
  }

  private decide(head: Buffer): ByteLineSplitter {
    const encoding = sniffEncoding(head, this.startOffset);
    this.inner =
      encoding === 'utf8'
        ? new LineSplitter(this.maxLineBytes, sniffLineEnd(head), this.deferDecoding)
        : new Utf16LineSplitter(encoding, this.startOffset, this.maxLineBytes);
    return this.inner;
  }
}
