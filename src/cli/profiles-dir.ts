import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { CliIo } from './command';

/** `$WATCHFLOOR_PROFILES`, else ./profiles when there is one, else ~/.config/watchfloor/profiles. */
export function defaultProfilesDir(io: CliIo): string {
  if (io.env.WATCHFLOOR_PROFILES) return io.env.WATCHFLOOR_PROFILES;
  const local = path.join(io.cwd, 'profiles');
  if (existsSync(local)) return local;
  return path.join(
    io.env.XDG_CONFIG_HOME || path.join(io.env.HOME || homedir(), '.config'),
    'watchfloor',
    'profiles',
  );
}
