import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The public data sets (Loghub samples, NAB series) live beside the repository in ../shared/data and are
 * never copied into it. Returns null, with a printed notice, where they are absent.
 */
export function sharedDataDir(subdir: string): string | null {
  const root = process.env.WATCHFLOOR_SHARED_DATA ?? path.resolve(__dirname, '../../../shared/data');
  const dir = path.join(root, subdir);
  if (!existsSync(dir)) {
    console.warn(`[skip] ${dir} is absent: tests that need ../shared/data/${subdir} are skipped`);
    return null;
  }
  return dir;
}
