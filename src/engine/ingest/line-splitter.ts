/** Longest line kept whole; the rest of a longer line is dropped and counted, so one bad line cannot exhaust memory. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

export interface SplitResult {
  lines: string[];
  /** Bytes of the lines completed by this call, including their parts received earlier (offsets advance by these). */
  bytes: number;
}

/**
 * Splits a byte stream into complete lines. Decodes each batch of complete lines with one toString and
 * split (several times faster than per-line decoding), carries the partial last line to the next chunk,
 * and truncates gigantic lines without buffering them.
 */
export class LineSplitter {
  private carry: Buffer | null = null;
  private overlong: { head: string; bytes: number } | null = null;
  truncatedLines = 0;

  constructor(private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES) {}

  push(chunk: Buffer): SplitResult {
    const lines: string[] = [];
    let bytes = 0;
    let data = chunk;
    if (this.overlong) {
      const nl = data.indexOf(0x0a);
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
    if (this.carry) {
      // Only the carried line's end is joined to it: the rest of the chunk is decoded where it lies.
      const nl = data.indexOf(0x0a);
      if (nl < 0 || this.carry.length + nl > this.maxLineBytes) {
        data = Buffer.concat([this.carry, data]);
        this.carry = null;
      } else {
        lines.push(this.clip(Buffer.concat([this.carry, data.subarray(0, nl)]).toString('utf8')));
        bytes += this.carry.length + nl + 1;
        this.carry = null;
        data = data.subarray(nl + 1);
      }
    }
    const last = data.lastIndexOf(0x0a);
    if (last >= 0) {
      for (const line of data.toString('utf8', 0, last).split('\n')) lines.push(this.clip(line));
      bytes += last + 1;
    }
    const rest = data.subarray(last + 1);
    if (rest.length > this.maxLineBytes) {
      this.overlong = { head: rest.toString('utf8', 0, this.maxLineBytes), bytes: rest.length };
    } else if (rest.length > 0) {
      this.carry = Buffer.from(rest);
    }
    return { lines, bytes };
  }

  /** Ends the stream: a last line without a newline is returned too. */
  flush(): SplitResult {
    if (this.overlong) {
      const { head, bytes } = this.overlong;
      this.overlong = null;
      return { lines: [this.truncated(head, bytes)], bytes };
    }
    if (!this.carry) return { lines: [], bytes: 0 };
    const carry = this.carry;
    this.carry = null;
    return { lines: [this.clip(carry.toString('utf8'))], bytes: carry.length };
  }

  private truncated(head: string, bytes: number): string {
    this.truncatedLines++;
    return `${head} … [line truncated: ${bytes} bytes]`;
  }

  private clip(line: string): string {
    const text = line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
    if (text.length <= this.maxLineBytes) return text;
    return this.truncated(text.slice(0, this.maxLineBytes), Buffer.byteLength(text));
  }
}
