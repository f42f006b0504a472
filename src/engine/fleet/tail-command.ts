import { shellQuote } from './shell-quote';

export interface TailCommandOptions {
  path: string;
  /** Byte offset to resume at; null to start `backlogBytes` before the end of the file. */
  offset: number | null;
  backlogBytes: number;
  sudo?: boolean;
  /** Random marker printed before the payload, so shell start-up noise never becomes a log line. */
  nonce: string;
}

/**
 * The header line the tail script prints before the file's bytes: nonce, start offset, size, inode.
 * Anything before it (rc-file output, motd) is discarded by the reader.
 */
export interface TailHeader {
  start: number;
  size: number;
  inode: string;
}

/**
 * Builds the remote tail: a fixed POSIX sh script whose only variable parts are quoted arguments.
 * `tail -c +N -F` resumes by byte offset and follows the file through rotation.
 */
export function buildTailCommand(options: TailCommandOptions): string {
  if (!options.path.startsWith('/')) throw new Error(`log path must be absolute: ${options.path}`);
  if (!/^[A-Za-z0-9-]+$/.test(options.nonce)) throw new Error('nonce must be alphanumeric');
  const sudo = options.sudo ? 'sudo -n ' : '';
  const start =
    options.offset === null
      ? `start=$((size > ${options.backlogBytes} ? size - ${options.backlogBytes} : 0))`
      : `start=${Math.floor(options.offset)}; [ "$size" -lt "$start" ] && start=0`;
  const script = [
    `f=${shellQuote(options.path)}`,
    `set -- $(${sudo}wc -c -- "$f" 2>/dev/null); size=\${1:-0}`,
    `set -- $(${sudo}ls -di -- "$f" 2>/dev/null); inode=\${1:-0}`,
    start,
    `printf '\\n%s %s %s %s\\n' ${options.nonce} "$start" "$size" "$inode"`,
    `exec ${sudo}tail -c +$((start + 1)) -F -- "$f"`,
  ].join('\n');
  return `exec /bin/sh -c ${shellQuote(script)}`;
}

/**
 * Strips everything up to and including the header line from the start of a channel's stdout.
 * Returns null until the header has arrived.
 */
export class TailFramer {
  private pending: Buffer | null = Buffer.alloc(0);
  header: TailHeader | null = null;

  constructor(private readonly nonce: string) {}

  /** Feeds stdout bytes; returns the payload bytes that follow the header (possibly empty). */
  push(chunk: Buffer): Buffer {
    if (this.pending === null) return chunk;
    this.pending = Buffer.concat([this.pending, chunk]);
    const marker = this.pending.indexOf(`\n${this.nonce} `);
    if (marker < 0) {
      // Keep only what could still hold the start of the marker: shell noise can be long.
      const keep = this.nonce.length + 2;
      if (this.pending.length > 64 * 1024) this.pending = this.pending.subarray(this.pending.length - keep);
      return Buffer.alloc(0);
    }
    const end = this.pending.indexOf(0x0a, marker + 1);
    if (end < 0) return Buffer.alloc(0);
    const fields = this.pending
      .subarray(marker + 1, end)
      .toString('latin1')
      .split(' ');
    this.header = { start: Number(fields[1]), size: Number(fields[2]), inode: fields[3] ?? '0' };
    const rest = this.pending.subarray(end + 1);
    this.pending = null;
    return rest;
  }
}
