import { decodeEvent } from './event-codec';
import { ENTRY, manifestSchema, type SnapshotManifest } from './snapshot-format';
import type { SnapshotEvent } from './snapshot-source';
import { readZipDirectory, type ZipEntryInfo } from './zip/zip-directory';
import { ZipEntryStream } from './zip/zip-entry-stream';

export class SnapshotIntegrityError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { entry: string; problem: string }[],
  ) {
    super(
      `${file} has been altered or damaged since it was exported:\n` +
        problems.map((p) => `  ${p.entry}: ${p.problem}`).join('\n'),
    );
    this.name = 'SnapshotIntegrityError';
  }
}

/** Most bytes read into memory for one small entry (everything but the events). */
const SMALL_ENTRY_LIMIT = 256 * 1024 * 1024;

/**
 * A snapshot opened for reading. Every entry read through it is checked against the manifest's SHA-256 and
 * size as it streams; a mismatch throws a SnapshotIntegrityError naming the entry.
 */
export class SnapshotReader {
  private constructor(
    readonly file: string,
    readonly manifest: SnapshotManifest,
    private readonly entries: Map<string, ZipEntryInfo>,
  ) {}

  static async open(file: string): Promise<SnapshotReader> {
    const directory = await readZipDirectory(file);
    const entries = new Map(directory.map((e) => [e.name, e]));
    const manifestEntry = entries.get(ENTRY.manifest);
    if (!manifestEntry) {
      throw new SnapshotIntegrityError(file, [
        {
          entry: ENTRY.manifest,
          problem: 'missing: this is not a Watchfloor snapshot, or its manifest was removed',
        },
      ]);
    }
    const text = (await collect(file, manifestEntry)).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new SnapshotIntegrityError(file, [
        { entry: ENTRY.manifest, problem: `not JSON (${(err as Error).message})` },
      ]);
    }
    const result = manifestSchema.safeParse(parsed);
    if (!result.success) {
      const detail = result.error.issues
        .map((i) => `${i.path.join('.') || 'manifest'}: ${i.message}`)
        .join('; ');
      throw new SnapshotIntegrityError(file, [
        { entry: ENTRY.manifest, problem: `not a valid manifest (${detail})` },
      ]);
    }
    return new SnapshotReader(file, result.data, entries);
  }

  entryNames(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** An entry's content, checked against the manifest. */
  async readBytes(name: string): Promise<Buffer> {
    const entry = this.entryInfo(name);
    if (entry.size > SMALL_ENTRY_LIMIT) throw new Error(`${this.file}: ${name} is too large to read whole`);
    const chunks: Buffer[] = [];
    for await (const chunk of this.stream(entry)) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  async readJson<T>(name: string): Promise<T> {
    const text = (await this.readBytes(name)).toString('utf8');
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new SnapshotIntegrityError(this.file, [
        { entry: name, problem: `not JSON (${(err as Error).message})` },
      ]);
    }
  }

  /**
   * The events in merged order, in pages, streamed: the whole window is never in memory. A line that does
   * not decode is reported after the entry's hash is checked, so tampering is named as such.
   */
  async *events(pageSize = 2000): AsyncGenerator<SnapshotEvent[]> {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    let pending = '';
    let lineNumber = 0;
    let page: SnapshotEvent[] = [];
    let undecodable: Error | null = null;
    const take = (line: string) => {
      if (undecodable) return;
      try {
        page.push(decodeEvent(line, ++lineNumber));
      } catch (err) {
        undecodable = err as Error;
      }
    };
    for await (const chunk of this.stream(this.entryInfo(ENTRY.events))) {
      pending += decoder.decode(chunk, { stream: true });
      let start = 0;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
        take(pending.slice(start, nl));
        start = nl + 1;
      }
      pending = pending.slice(start);
      if (page.length >= pageSize && !undecodable) {
        for (let i = 0; i + pageSize <= page.length; i += pageSize) yield page.slice(i, i + pageSize);
        page = page.slice(page.length - (page.length % pageSize));
      }
    }
    pending += decoder.decode();
    if (pending.length > 0) take(pending);
    if (undecodable)
      throw new SnapshotIntegrityError(this.file, [
        { entry: ENTRY.events, problem: (undecodable as Error).message.replace(`${ENTRY.events} `, '') },
      ]);
    if (page.length > 0) yield page;
  }

  /** Reads an entry through to its end, checking it. */
  async check(name: string): Promise<void> {
    for await (const chunk of this.stream(this.entryInfo(name))) void chunk;
  }

  /** Streams an entry; after the last chunk, throws if its hash, size or CRC differ from the records. */
  async *stream(entry: ZipEntryInfo): AsyncGenerator<Buffer> {
    const expected = this.manifest.entries[entry.name];
    if (!expected && entry.name !== ENTRY.manifest) {
      throw new SnapshotIntegrityError(this.file, [
        { entry: entry.name, problem: 'not listed in the manifest' },
      ]);
    }
    const stream = new ZipEntryStream(this.file, entry);
    try {
      yield* stream;
    } catch (err) {
      throw new SnapshotIntegrityError(this.file, [
        { entry: entry.name, problem: (err as Error).message.replace(`${entry.name}: `, '') },
      ]);
    }
    const digest = stream.digest!;
    const problem =
      digest.crc32 !== entry.crc32
        ? 'its checksum (CRC-32) does not match the archive directory'
        : expected && digest.bytes !== expected.bytes
          ? `holds ${digest.bytes} bytes, the manifest says ${expected.bytes}`
          : expected && digest.sha256 !== expected.sha256
            ? 'its content does not match its SHA-256 in the manifest'
            : null;
    if (problem) throw new SnapshotIntegrityError(this.file, [{ entry: entry.name, problem }]);
  }

  private entryInfo(name: string): ZipEntryInfo {
    const entry = this.entries.get(name);
    if (!entry)
      throw new SnapshotIntegrityError(this.file, [{ entry: name, problem: 'missing from the archive' }]);
    return entry;
  }
}

async function collect(file: string, entry: ZipEntryInfo): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new ZipEntryStream(file, entry);
  try {
    for await (const chunk of stream) chunks.push(chunk);
  } catch (err) {
    throw new SnapshotIntegrityError(file, [
      { entry: entry.name, problem: (err as Error).message.replace(`${entry.name}: `, '') },
    ]);
  }
  if (stream.digest!.crc32 !== entry.crc32) {
    throw new SnapshotIntegrityError(file, [
      { entry: entry.name, problem: 'its checksum (CRC-32) does not match the archive directory' },
    ]);
  }
  return Buffer.concat(chunks);
}
