/** A control record of the remote follower (see follow-script.ts). */
export type FollowControl =
  | { kind: 'OPEN'; inode: string; start: number; size: number }
  | { kind: 'ROTATED'; inode: string }
  | { kind: 'TRUNCATED'; size: number }
  | { kind: 'GAP'; bytes: number | null; reason: string }
  | { kind: 'POS'; offset: number }
  | { kind: 'WAIT'; reason: string }
  /** The file's first bytes (up to 64), hex. */
  | { kind: 'HEAD'; hex: string }
  /** Everything after this record is file bytes, unframed (the follower without perl). */
  | { kind: 'RAW' }
  /** The host's timezone: its UTC offset now (`+0100`) and its zone's name where known. */
  | { kind: 'ZONE'; offset: string; name: string | null };

export interface FrameSink {
  data(bytes: Buffer): void;
  control(record: FollowControl): void;
}

const MAX_HEADER = 256;
const MAX_NOISE = 1024 * 1024;

/**
 * Parses the follower's length-prefixed frames out of a channel's stdout. Everything before the first
 * frame (login-shell noise) is discarded; after it, frames are contiguous, so log bytes can never be
 * mistaken for control records, whatever they contain. After a RAW record every byte is data.
 */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  private synced = false;
  private dataLeft = 0;
  private readonly prefix: Buffer;

  constructor(
    nonce: string,
    private readonly sink: FrameSink,
  ) {
    this.prefix = Buffer.from(`${nonce} `);
  }

  push(chunk: Buffer): void {
    let data = this.buffer.length > 0 ? Buffer.concat([this.buffer, chunk]) : chunk;
    this.buffer = Buffer.alloc(0);
    while (data.length > 0) {
      if (this.dataLeft > 0) {
        const take = Math.min(this.dataLeft, data.length);
        this.sink.data(data.subarray(0, take));
        this.dataLeft -= take;
        data = data.subarray(take);
        continue;
      }
      if (!this.synced) {
        const at = data.indexOf(this.prefix);
        if (at < 0) {
          // keep a tail that could hold the start of the prefix; drop the rest of the noise
          this.buffer = Buffer.from(data.subarray(Math.max(0, data.length - this.prefix.length)));
          if (this.buffer.length > MAX_NOISE) this.buffer = Buffer.alloc(0);
          return;
        }
        data = data.subarray(at);
        this.synced = true;
      }
      const end = data.indexOf(0x0a);
      if (end < 0) {
        if (data.length > MAX_HEADER) throw new Error('malformed frame header from the remote follower');
        this.buffer = Buffer.from(data);
        return;
      }
      const header = data.subarray(0, end).toString('latin1');
      data = data.subarray(end + 1);
      this.parseHeader(header);
    }
  }

  private parseHeader(header: string): void {
    if (!header.startsWith(this.prefix.toString('latin1'))) {
      throw new Error(`unexpected output from the remote follower: ${JSON.stringify(header.slice(0, 80))}`);
    }
    const [type, ...fields] = header.slice(this.prefix.length).split(' ');
    if (type === 'D' && fields.length === 1 && COUNT.test(fields[0])) {
      this.dataLeft = Number(fields[0]);
      return;
    }
    const record = type === 'C' ? toControl(fields) : null;
    if (!record) {
      throw new Error(
        `malformed frame header from the remote follower: ${JSON.stringify(header.slice(0, 80))}`,
      );
    }
    if (record.kind === 'RAW') this.dataLeft = Infinity;
    this.sink.control(record);
  }
}

const COUNT = /^\d+$/;
const HEX_HEAD = /^(?:[0-9a-f]{2}){1,64}$/;
const UTC_OFFSET = /^[+-]\d{4}$/;
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/** The control record in a header's fields, or null when a field is missing or not a number where one belongs. */
function toControl([kind, a, b, c]: string[]): FollowControl | null {
  const count = (field: string | undefined): field is string => field !== undefined && COUNT.test(field);
  switch (kind) {
    case 'OPEN':
      return count(a) && count(b) && count(c) ? { kind, inode: a, start: Number(b), size: Number(c) } : null;
    case 'ROTATED':
      return count(a) ? { kind, inode: a } : null;
    case 'TRUNCATED':
      return count(a) ? { kind, size: Number(a) } : null;
    case 'GAP':
      return (a === '?' || count(a)) && b ? { kind, bytes: a === '?' ? null : Number(a), reason: b } : null;
    case 'POS':
      return count(a) ? { kind, offset: Number(a) } : null;
    case 'WAIT':
      return a ? { kind, reason: a } : null;
    case 'HEAD':
      return a !== undefined && HEX_HEAD.test(a) ? { kind, hex: a } : null;
    case 'RAW':
      return a === undefined ? { kind } : null;
    case 'ZONE':
      return a !== undefined && UTC_OFFSET.test(a) && b !== undefined && (b === '-' || ZONE_NAME.test(b))
        ? { kind, offset: a, name: b === '-' ? null : b }
        : null;
    default:
      return null;
  }
}
