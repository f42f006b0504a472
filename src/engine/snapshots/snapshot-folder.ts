import { existsSync } from 'node:fs';
import path from 'node:path';
import { SNAPSHOT_EXTENSION } from './snapshot-format';

/**
 * Where exports go when no file is named: the user's Downloads, else Documents, else a `snapshots` folder
 * beside the profiles folder.
 */
export function defaultSnapshotsDir(home: string, profilesDir: string): string {
  for (const name of ['Downloads', 'Documents']) {
    const dir = path.join(home, name);
    if (existsSync(dir)) return dir;
  }
  return path.join(path.dirname(path.resolve(profilesDir)), 'snapshots');
}

/**
 * `shop-production-2024-05-01T10-15-00Z.wfsnap` in `dir`: the profile, environment and export time (UTC),
 * with `-2`, `-3`… when exports of the same second would share a name.
 */
export function newSnapshotFile(dir: string, profileName: string, environment: string, at: number): string {
  const when = new Date(at)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '_');
  const base = path.join(dir, `${safe(profileName)}-${safe(environment)}-${when}`);
  let file = `${base}${SNAPSHOT_EXTENSION}`;
  for (let n = 2; existsSync(file); n++) file = `${base}-${n}${SNAPSHOT_EXTENSION}`;
  return file;
}
