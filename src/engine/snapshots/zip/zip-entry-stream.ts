import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import type { ZipEntryInfo } from './zip-directory';

export interface EntryDigest {
  sha256: string;
  bytes: number;
  crc32: number;
}

/**
 * Streams an entry's uncompressed content chunk by chunk, hashing it on the way; the digest is known once
 * the iteration completes. Errors name the entry.
 */
export class ZipEntryStream implements AsyncIterable<Buffer> {
  digest: EntryDigest | null = null;

  constructor(
    private readonly file: string,
    private readonly entry: ZipEntryInfo,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    const { entry } = this;
    if (entry.method !== 0 && entry.method !== 8) {
      throw new Error(`${entry.name}: unsupported compression method ${entry.method}`);
    }
    const raw =
      entry.compressedSize === 0
        ? null
        : createReadStream(this.file, {
            start: entry.dataOffset,
            end: entry.dataOffset + entry.compressedSize - 1,
            highWaterMark: 256 * 1024,
          });
    const hash = createHash('sha256');
    let bytes = 0;
    let crc = 0;
    const source: AsyncIterable<Buffer> | Buffer[] =
      raw === null ? [] : entry.method === 8 ? pipeline(raw, createInflateRaw(), () => undefined) : raw;
    try {
      for await (const chunk of source) {
        hash.update(chunk);
        crc = crc32(chunk, crc);
        bytes += chunk.length;
        yield chunk;
      }
    } catch (err) {
      throw new Error(`${entry.name}: the compressed data is damaged (${(err as Error).message})`, {
        cause: err,
      });
    } finally {
      raw?.destroy();
    }
    this.digest = { sha256: hash.digest('hex'), bytes, crc32: crc };
  }
}
