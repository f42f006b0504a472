import { open, type FileHandle } from 'node:fs/promises';

/** One file of a zip archive, as its central directory and local header describe it. */
export interface ZipEntryInfo {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Offset of the compressed data in the archive. */
  dataOffset: number;
}

export class ZipFormatError extends Error {
  constructor(file: string, detail: string) {
    super(`${file}: not a readable snapshot archive: ${detail}`);
    this.name = 'ZipFormatError';
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

async function readAt(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, offset);
  return buffer.subarray(0, bytesRead);
}

/**
 * Reads the central directory (the archive's table of contents at its end) and each entry's local header,
 * so entries can be streamed from their offsets. Names must agree between the two, and appear once.
 */
export async function readZipDirectory(file: string): Promise<ZipEntryInfo[]> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
    const tail = await readAt(handle, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
      if (
        tail.readUInt32LE(i) === EOCD_SIGNATURE &&
        i + EOCD_SIZE + tail.readUInt16LE(i + 20) === tail.length
      ) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipFormatError(file, 'no end-of-directory record (truncated or not a zip file)');
    const count = tail.readUInt16LE(eocd + 10);
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    if (directoryOffset + directorySize > size - tailLength + eocd) {
      throw new ZipFormatError(file, 'the directory points past the end of the file');
    }
    const directory = await readAt(handle, directoryOffset, directorySize);
    const entries: ZipEntryInfo[] = [];
    const names = new Set<string>();
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL_SIGNATURE) {
        throw new ZipFormatError(file, `directory record ${i + 1} is damaged`);
      }
      const method = directory.readUInt16LE(p + 10);
      const crc32 = directory.readUInt32LE(p + 16);
      const compressedSize = directory.readUInt32LE(p + 20);
      const uncompressedSize = directory.readUInt32LE(p + 24);
      const nameLength = directory.readUInt16LE(p + 28);
      const extraLength = directory.readUInt16LE(p + 30);
      const commentLength = directory.readUInt16LE(p + 32);
      const localOffset = directory.readUInt32LE(p + 42);
      const name = directory.toString('utf8', p + 46, p + 46 + nameLength);
      p += 46 + nameLength + extraLength + commentLength;
      if (names.has(name)) throw new ZipFormatError(file, `entry "${name}" appears twice`);
      names.add(name);
      const local = await readAt(handle, localOffset, 30);
      if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIGNATURE) {
        throw new ZipFormatError(file, `entry "${name}": its local header is missing or damaged`);
      }
      const localNameLength = local.readUInt16LE(26);
      const localExtraLength = local.readUInt16LE(28);
      const localName = (await readAt(handle, localOffset + 30, localNameLength)).toString('utf8');
      if (localName !== name) {
        throw new ZipFormatError(file, `entry "${name}": its local header names "${localName}"`);
      }
      const dataOffset = localOffset + 30 + localNameLength + localExtraLength;
      if (dataOffset + compressedSize > directoryOffset) {
        throw new ZipFormatError(file, `entry "${name}": its data runs into the directory`);
      }
      entries.push({ name, method, crc32, compressedSize, size: uncompressedSize, dataOffset });
    }
    return entries;
  } finally {
    await handle.close();
  }
}
