import { closeSync, openSync, writeSync } from 'node:fs';
import { BenchLines } from './bench-lines';

/**
 * Appends lines stamped with the current time to every host's log at a steady total rate, in small
 * batches every 10 ms, counting what it wrote: the source of the write → visible latency figures.
 */
export class RateWriter {
  written = 0;
  private timer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private readonly fds: number[];
  private readonly lines: BenchLines[];
  private turn = 0;

  constructor(
    files: { host: string; file: string }[],
    private readonly rate: number,
  ) {
    this.fds = files.map((f) => openSync(f.file, 'a'));
    this.lines = files.map((f, i) => new BenchLines(f.host, 7919 * (i + 1)));
  }

  start(): void {
    this.startedAt = performance.now();
    this.timer = setInterval(() => this.tick(), 10);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const fd of this.fds) closeSync(fd);
  }

  private tick(): void {
    const due = Math.floor(((performance.now() - this.startedAt) / 1000) * this.rate) - this.written;
    if (due <= 0) return;
    const hosts = this.fds.length;
    const texts = new Array<string>(hosts).fill('');
    const now = Date.now();
    for (let i = 0; i < due; i++) {
      const h = this.turn++ % hosts;
      texts[h] += `${this.lines[h].line(now)}\n`;
    }
    for (let h = 0; h < hosts; h++) if (texts[h] !== '') writeSync(this.fds[h], texts[h]);
    this.written += due;
  }
}
