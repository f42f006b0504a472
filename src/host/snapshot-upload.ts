import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface SnapshotUploadOptions {
  /** Where uploaded files are kept until the host closes. */
  dir: string;
  maxBytes: number;
}

class TooLarge extends Error {}

/**
 * Receives a snapshot dropped on the page in a browser: the body is streamed to a new file in the upload
 * folder (never held in memory) and its path is answered, for `openSnapshot`. Bodies over the limit are
 * cut off and their file removed.
 */
export async function receiveSnapshotUpload(
  req: IncomingMessage,
  res: ServerResponse,
  options: SnapshotUploadOptions,
): Promise<void> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > options.maxBytes) {
    answer(res, 413, { error: tooLargeMessage(options.maxBytes) });
    req.resume();
    return;
  }
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dir, `upload-${randomBytes(8).toString('hex')}.wfsnap`);
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > options.maxBytes) req.destroy(new TooLarge());
  });
  try {
    await pipeline(req, createWriteStream(file, { mode: 0o600 }));
    answer(res, 200, { file });
  } catch (err) {
    await rm(file, { force: true });
    if (err instanceof TooLarge) answer(res, 413, { error: tooLargeMessage(options.maxBytes) });
    else answer(res, 400, { error: `the upload did not complete: ${(err as Error).message}` });
  }
}

function tooLargeMessage(maxBytes: number): string {
  return `the file is larger than ${Math.round(maxBytes / 1e6)} MB; open it with \`watchfloor serve --snapshot FILE\``;
}

function answer(res: ServerResponse, status: number, body: object): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
