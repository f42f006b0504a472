import type { Disposable } from '../disposable';
import type { HostConnection } from './host-connection';
import { isSessionLimitError } from './connection-errors';
import { perlCommand, perlWasMissing, posixCommand, STANDARD_PATH, STDERR_HEAD_CHARS } from './remote-shell';
import { shellQuote } from './shell-quote';

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

/**
 * `buildGlobCommand` for hosts without perl: the pattern expanded by /bin/sh (no brace alternatives), with
 * the same output, the first bytes read by head and od.
 */
export function buildShellGlobCommand(pattern: string, sudo = false): string {
  const script = [
    `pattern=${shellQuote(pattern)}`,
    STANDARD_PATH,
    // No field splitting of the pattern, only pathname expansion.
    'IFS=',
    'for f in $pattern; do',
    '  [ -f "$f" ] || continue',
    '  inode=$(ls -di "$f") || continue',
    '  inode=${inode#"${inode%%[! ]*}"}',
    '  head=$(head -c 64 "$f" 2>/dev/null | od -An -v -tx1 | tr -d " \\n")',
    '  printf "%s %s %s\\0" "${inode%% *}" "$head" "$f"',
    'done',
  ].join('\n');
  return posixCommand(script, { sudo });
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
  /** perl was not found on the host: the pattern is expanded by /bin/sh (buildShellGlobCommand). */
  private withoutPerl = false;

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
      const build = this.withoutPerl ? buildShellGlobCommand : buildGlobCommand;
      const channel = await connection.exec(build(this.pattern, this.options.sudo));
      const chunks: Buffer[] = [];
      let stderrHead = '';
      let exitCode: number | null = null;
      channel.on('data', (chunk: Buffer) => chunks.push(chunk));
      channel.stderr.on('data', (chunk: Buffer) => {
        if (stderrHead.length < STDERR_HEAD_CHARS) stderrHead += chunk.toString('utf8');
      });
      channel.on('exit', (code: number | null) => (exitCode = code));
      await new Promise<void>((resolve) => channel.on('close', () => resolve()));
      if (!this.withoutPerl && perlWasMissing(exitCode, stderrHead)) {
        this.withoutPerl = true;
        return this.schedule(0);
      }
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
