import type { Disposable } from '../disposable';
import type { HostConnection } from './host-connection';
import { isSessionLimitError } from './connection-errors';
import { perlCommand } from './remote-shell';

/** True for a log path with wildcard characters (`/var/log/app/*.log`), expanded on the host. */
export function isGlobPath(path: string): boolean {
  return /[*?[]/.test(path);
}

/** Compressed files: rotated logs (`access.log.2.gz`), which a pattern such as `access.log*` also matches. */
const COMPRESSED = /\.(?:gz|bz2|xz|zst|lz4|lzma|zip|Z)$/;

/**
 * The matches worth following: compressed files are skipped (read as text they are binary noise), unless
 * the pattern itself names a compressed file.
 */
export function followableMatches(pattern: string, paths: readonly string[]): string[] {
  if (COMPRESSED.test(pattern)) return [...paths];
  return paths.filter((path) => !COMPRESSED.test(path));
}

/** Lists the regular files matching a pattern on the host; names come back NUL-separated, so any name is safe. */
export function buildGlobCommand(pattern: string, sudo = false): string {
  const program = 'use File::Glob qw(bsd_glob); print "$_\\0" for grep { -f } bsd_glob($ARGV[0]);';
  return perlCommand(program, [pattern], { sudo });
}

/**
 * Expands a glob on the host now and every few seconds, reporting files it has not reported before:
 * `first` is true for those present at the start (shown from their recent end), false for files that
 * appear later (read from their beginning).
 */
export class GlobWatcher implements Disposable {
  private readonly seen = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private disposed = false;
  private first = true;
  private refusedInARow = 0;

  constructor(
    /** The connection to expand on, asked at every expansion (one with room for another session). */
    private readonly connection: () => HostConnection,
    private readonly pattern: string,
    private readonly options: {
      sudo?: boolean;
      intervalMs: number;
      onFiles(paths: string[], first: boolean): void;
      /** The host refused this connection another session (sshd's MaxSessions). */
      onSessionLimit?(refused: HostConnection): void;
    },
  ) {
    this.schedule(0);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(delay: number): void {
    if (this.disposed) return;
    this.timer = setTimeout(() => void this.expand(), delay);
  }

  private async expand(): Promise<void> {
    const connection = this.connection();
    if (!connection.liveClient) return this.schedule(500);
    try {
      const channel = await connection.exec(buildGlobCommand(this.pattern, this.options.sudo));
      const chunks: Buffer[] = [];
      channel.on('data', (chunk: Buffer) => chunks.push(chunk));
      channel.stderr.resume();
      await new Promise<void>((resolve) => channel.on('close', () => resolve()));
      const listed = Buffer.concat(chunks)
        .toString('utf8')
        .split('\0')
        .filter((p) => p.startsWith('/') && !this.seen.has(p));
      const found = followableMatches(this.pattern, listed);
      for (const p of found) this.seen.add(p);
      if (found.length > 0 && !this.disposed) this.options.onFiles(found.sort(), this.first);
      this.first = false;
      this.refusedInARow = 0;
    } catch (err) {
      // A refused session is tried again on a connection with room; a dropped connection once it is back.
      if (isSessionLimitError(err)) {
        this.options.onSessionLimit?.(connection);
        if (++this.refusedInARow === 1) return this.schedule(0);
      }
    }
    this.schedule(this.options.intervalMs);
  }
}
