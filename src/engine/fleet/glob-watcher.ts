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

/** A file a pattern matched: its inode and first bytes tell a renamed file already followed from a new one. */
export interface GlobMatch {
  path: string;
  inode: string;
  /** Its first 64 bytes in hex, as a tail's HEAD record gives them ('' when empty or unreadable). */
  head: string;
}

/**
 * Lists the regular files matching a pattern on the host, each as `inode head path` followed by a NUL, so
 * any name is safe.
 */
export function buildGlobCommand(pattern: string, sudo = false): string {
  const program = [
    'use File::Glob qw(bsd_glob);',
    'for my $f (grep { -f } bsd_glob($ARGV[0])) {',
    "  my $head = '';",
    "  if (open(my $h, '<', $f)) { binmode $h; $head = unpack('H*', $head) if sysread($h, $head, 64); }",
    '  print((stat $f)[1], " $head $f\\0");',
    '}',
  ].join('\n');
  return perlCommand(program, [pattern], { sudo });
}

/** The matches a glob command printed. */
export function parseGlobOutput(output: string): GlobMatch[] {
  return output.split('\0').flatMap((entry) => {
    const match = /^(\d+) ([0-9a-f]*) (\/.*)$/s.exec(entry);
    return match ? [{ inode: match[1], head: match[2], path: match[3] }] : [];
  });
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
      /**
       * Whether a file that appeared is one already followed under another name (renamed by rotation to a
       * name the pattern also matches): it is then not followed again from its beginning.
       */
      isFollowed?(match: GlobMatch): boolean;
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
      const listed = parseGlobOutput(Buffer.concat(chunks).toString('utf8')).filter(
        (m) => !this.seen.has(m.path),
      );
      const renamed = this.first ? [] : listed.filter((m) => this.options.isFollowed?.(m));
      for (const m of renamed) this.seen.add(m.path);
      const found = followableMatches(
        this.pattern,
        listed.filter((m) => !renamed.includes(m)).map((m) => m.path),
      );
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
