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

/** `shop-production-2024-05-01T10-15-00Z.wfsnap`: the profile, environment and export time (UTC). */
export function snapshotFileName(profileName: string, environment: string, at: number): string {
  const when = new Date(at)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '_');
  return `${safe(profileName)}-${safe(environment)}-${when}${SNAPSHOT_EXTENSION}`;
}
