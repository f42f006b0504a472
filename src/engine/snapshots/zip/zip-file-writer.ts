import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { TransformOptions } from 'node:stream';
import {
  constants as zlibConstants,
  crc32,
  createDeflateRaw,
  type DeflateRaw,
  type ZlibOptions,
} from 'node:zlib';
import { Zip, type AsyncFlateStreamHandler, type ZipInputFile } from 'fflate';

export interface WrittenEntry {
  sha256: string;
  /** Uncompressed size. */
  bytes: number;
}

/**
 * Bytes queued for the compressor before a writer waits. Large enough that the next batch is encoded while
 * zlib compresses this one (on its own thread), small enough to bound memory.
 */
const COMPRESSOR_BUFFER = 4 * 1024 * 1024;
const OUTPUT_BUFFER = 1024 * 1024;

/** The classic zip format (no Zip64) addresses at most 4 GiB. */
const ZIP32_LIMIT = 0xffff_ffff;

/**
 * A zip file written as a stream, one entry at a time, to a temporary name beside the target; `finish`
 * renames it into place, `abort` removes it, so a failed or cancelled export leaves nothing behind.
 * fflate lays out the archive; deflating happens in Node's zlib off the main thread, which is several times
 * faster than deflating in JavaScript. Each entry is hashed (SHA-256) and checksummed (CRC-32) as it passes.
 */
export class ZipFileWriter {
  private readonly out: WriteStream;
  private readonly zip: Zip;
  private readonly temp: string;
  private failure: Error | null = null;
  private written = 0;
  private readonly zipEnded: Promise<void>;
  private current: ZipEntryWriter | null = null;

  constructor(
    private readonly target: string,
    private readonly options: { level: number; mtime: number },
  ) {
    this.temp = path.join(
      path.dirname(target),
      `.${path.basename(target)}.${randomBytes(4).toString('hex')}.partial`,
    );
    this.out = createWriteStream(this.temp, { flags: 'wx', highWaterMark: OUTPUT_BUFFER });
    this.out.on('error', (err) =>
      this.fail(new Error(`cannot write ${target}: ${err.message}`, { cause: err })),
    );
    let endZip!: () => void;
    this.zipEnded = new Promise((resolve) => (endZip = resolve));
    this.zip = new Zip((err, chunk, final) => {
      if (err) return this.fail(err);
      this.written += chunk.length;
      if (this.written > ZIP32_LIMIT) {
        return this.fail(new Error(`${target}: a snapshot cannot exceed 4 GiB; export a shorter window`));
      }
      this.out.write(chunk);
      if (final) endZip();
    });
  }

  get bytesWritten(): number {
    return this.written;
  }

  /** Starts the next entry; the previous one must be closed. */
  entry(name: string): ZipEntryWriter {
    if (this.current && !this.current.closed) throw new Error(`zip entry ${this.current.name} is still open`);
    this.current = new ZipEntryWriter(name, this.options, this.zip, this.out, () => this.check());
    return this.current;
  }

  async writeEntry(name: string, content: string | Uint8Array): Promise<WrittenEntry> {
    const entry = this.entry(name);
    await entry.write(content);
    return entry.close();
  }

  async finish(): Promise<void> {
    this.check();
    this.zip.end();
    await this.zipEnded;
    this.out.end();
    await once(this.out, 'close');
    this.check();
    await rename(this.temp, this.target);
  }

  async abort(): Promise<void> {
    this.current?.destroy();
    this.zip.terminate();
    if (!this.out.closed) {
      this.out.destroy();
      await once(this.out, 'close').catch(() => undefined);
    }
    await unlink(this.temp).catch(() => undefined);
  }

  private fail(err: Error): void {
    this.failure ??= err;
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}

export class ZipEntryWriter implements ZipInputFile {
  readonly compression = 8;
  crc = 0;
  size = 0;
  readonly mtime: number;
  ondata?: AsyncFlateStreamHandler;
  closed = false;
  private readonly hash = createHash('sha256');
  private readonly deflate: DeflateRaw;
  private readonly ended: Promise<void>;

  constructor(
    readonly filename: string,
    options: { level: number; mtime: number },
    zip: Zip,
    private readonly out: WriteStream,
    private readonly check: () => void,
  ) {
    this.mtime = options.mtime;
    // zlib streams pass stream options through to their Transform.
    const streamOptions: ZlibOptions & TransformOptions = {
      level: options.level,
      memLevel: zlibConstants.Z_DEFAULT_MEMLEVEL,
      writableHighWaterMark: COMPRESSOR_BUFFER,
    };
    this.deflate = createDeflateRaw(streamOptions);
    zip.add(this);
    this.deflate.on('data', (chunk: Buffer) => this.ondata!(null, chunk as Uint8Array<ArrayBuffer>, false));
    this.ended = new Promise((resolve, reject) => {
      this.deflate.on('end', () => {
        this.ondata!(null, new Uint8Array(0), true);
        resolve();
      });
      this.deflate.on('error', reject);
    });
  }

  get name(): string {
    return this.filename;
  }

  /** Adds content, waiting while the compressor or the file are behind (this is what bounds memory). */
  async write(content: string | Uint8Array): Promise<void> {
    this.check();
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    if (bytes.length === 0) return;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    this.hash.update(bytes);
    if (!this.deflate.write(bytes)) await once(this.deflate, 'drain');
    if (this.out.writableNeedDrain) await once(this.out, 'drain');
  }

  async close(): Promise<WrittenEntry> {
    this.closed = true;
    this.deflate.end();
    await this.ended;
    this.check();
    return { sha256: this.hash.digest('hex'), bytes: this.size };
  }

  destroy(): void {
    this.closed = true;
    this.deflate.destroy();
  }
}
