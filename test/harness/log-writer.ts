import {
  appendFileSync,
  closeSync,
  copyFileSync,
  openSync,
  renameSync,
  truncateSync,
  writeSync,
} from 'node:fs';

export interface LogWriterOptions {
  /** Lines per second. */
  rate: number;
  /** Builds line `seq` (0-based) of this writer; without a trailing newline. */
  line: (seq: number, now: Date) => string;
}

/**
 * Appends lines to a file at a steady rate, in small batches every 10 ms, counting what it wrote, so a
 * test can compare every line written with every line the product received.
 */
export class LogWriter {
  written = 0;
  private timer: NodeJS.Timeout | null = null;
  private fd: number;
  private startedAt = Date.now();
  private startedWith = 0;

  constructor(
    readonly file: string,
    private readonly options: LogWriterOptions,
  ) {
    this.fd = openSync(file, 'a', 0o644);
  }

  start(): this {
    this.startedAt = Date.now();
    this.startedWith = this.written;
    this.timer = setInterval(() => this.tick(), 10);
    return this;
  }

  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Rotates like logrotate's default: rename the file, keep writing `linesAfterRename` lines to the old
   * (renamed) file as an application does until it reopens, then continue in a new file at the path.
   */
  rotateByRename(linesAfterRename = 0, suffix = '.1'): void {
    renameSync(this.file, this.file + suffix);
    if (linesAfterRename > 0) this.write(linesAfterRename);
    closeSync(this.fd);
    this.fd = openSync(this.file, 'a', 0o644);
  }

  /** Rotates like logrotate's copytruncate: copy the file aside, then truncate it in place (writes pause between). */
  rotateByCopyTruncate(suffix = '.1'): void {
    copyFileSync(this.file, this.file + suffix);
    truncateSync(this.file, 0);
  }

  /** Writes `count` lines at once. */
  write(count: number): void {
    let text = '';
    const now = new Date();
    for (let i = 0; i < count; i++) text += `${this.options.line(this.written + i, now)}\n`;
    writeSync(this.fd, text);
    this.written += count;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    closeSync(this.fd);
  }

  private tick(): void {
    const due =
      this.startedWith +
      Math.floor(((Date.now() - this.startedAt) / 1000) * this.options.rate) -
      this.written;
    if (due > 0) this.write(due);
  }
}

/** An ISO-8601 application log line carrying the writer's host and sequence number. */
export function isoLine(host: string, level = 'INFO') {
  return (seq: number, now: Date) =>
    `${now.toISOString()} ${level} checkout[${host}] request handled seq=${seq}`;
}

/** Pino's JSON lines (level 30 is info). */
export function pinoLine(host: string) {
  return (seq: number, now: Date) =>
    JSON.stringify({
      level: 30,
      time: now.getTime(),
      pid: 4242,
      hostname: host,
      msg: `request handled seq=${seq}`,
    });
}

export function appendLines(file: string, lines: string[]): void {
  appendFileSync(file, lines.map((l) => `${l}\n`).join(''));
}
