import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { readFileSync, writeFileSync } from 'node:fs';

/** A temporary folder removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-snap-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every entry of a zip file, decompressed. */
export function unzipFile(file: string): Record<string, Uint8Array> {
  return unzipSync(readFileSync(file));
}

/** Rewrites a zip file with changed entries (null removes one). */
export function rewriteZip(file: string, out: string, change: Record<string, Uint8Array | null>): void {
  const entries: Zippable = { ...unzipFile(file) };
  for (const [name, content] of Object.entries(change)) {
    if (content === null) delete entries[name];
    else entries[name] = content;
  }
  writeFileSync(out, zipSync(entries));
}
