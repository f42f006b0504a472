import { alternation } from './line-filter';
import { perlCommand, posixCommand, STANDARD_PATH } from './remote-shell';
import { shellQuote } from './shell-quote';

/**
 * The remote follower: a fixed Perl program (perl is part of every mainstream Linux base system) passed on
 * the command line, so nothing is installed on the host. It reads the file by byte offset and writes
 * length-prefixed frames, which makes the byte accounting exact through rotation and truncation:
 *
 *   NONCE D <len>\n<len bytes>      file bytes
 *   NONCE C <kind> <args…>\n        control: OPEN inode start size | ROTATED inode | TRUNCATED size
 *                                   | GAP bytes reason | POS offset | WAIT reason | HEAD hex
 *                                   | ZONE utc-offset zone-name-or-dash (first, once per run)
 *
 * Rename rotation: the old file is drained through its open handle until the writer has moved on, then
 * the new file is read from 0. Copytruncate: the rest of the old content is read from the rotated copy
 * (a recent sibling at least as long as what was read, preferably one starting with the same bytes) before
 * the truncated file is read from 0. HEAD reports the file's first 64 bytes: given back on resuming, they
 * reveal a file truncated while disconnected that has since grown past the old offset.
 * Include/exclude patterns are applied here, so only matching lines cross the network; POS records then
 * carry the file offset of the last complete line examined. When its SSH session ends, the follower is
 * re-parented and exits at its next idle check instead of lingering until the file changes.
 */
const PERL_FOLLOWER = String.raw`
use strict; use warnings;
my ($path, $nonce, $offset, $inode, $backlog, $inc, $exc, $head) = @ARGV;
$head = '' if !defined($head) || $head !~ /^(?:[0-9a-f]{2}){0,64}\z/;
$| = 1; binmode STDOUT;
my $include = length($inc) ? qr/$inc/ : undef;
my $exclude = length($exc) ? qr/$exc/ : undef;
my $filtering = defined($include) || defined($exclude);
my $partial = '';
sub ctl { print "$nonce C @_\n"; }
sub emit {
  my ($buf) = @_;
  if (!$filtering) { print "$nonce D " . length($buf) . "\n" . $buf; return; }
  $partial .= $buf;
  my $cut = rindex($partial, "\n");
  return if $cut < 0;
  my $out = '';
  for my $line (split /\n/, substr($partial, 0, $cut), -1) {
    next if defined($include) && $line !~ $include;
    next if defined($exclude) && $line =~ $exclude;
    $out .= "$line\n";
  }
  $partial = substr($partial, $cut + 1);
  print "$nonce D " . length($out) . "\n" . $out if length($out);
}
my $marked = -1;
sub mark_pos { my $at = $_[0] - length($partial); if ($filtering && $at != $marked) { ctl('POS', $at); $marked = $at; } }
sub end_of_file { emit("\n") if $filtering && length($partial); $partial = ''; $marked = -1; }
my $parent = getppid();
{
  my $zone = $ENV{TZ} // ''; $zone =~ s/^://;
  if ($zone eq '') { my $link = readlink('/etc/localtime'); $zone = $1 if defined($link) && $link =~ m{zoneinfo/(.+)\z}; }
  if ($zone eq '' && open(my $names, '<', '/etc/timezone')) { $zone = <$names> // ''; chomp $zone; }
  $zone = '-' if $zone !~ m{\A[A-Za-z][A-Za-z0-9_+\-/]{0,63}\z};
  require POSIX; ctl('ZONE', POSIX::strftime('%z', localtime), $zone);
}
sub nap { select(undef, undef, undef, $_[0]); exit 0 if getppid() != $parent; }
sub open_file { my $fh; open($fh, '<', $path) or return; binmode $fh; return $fh; }
sub head_hex { my ($h) = @_; sysseek($h, 0, 0) or return ''; my $n = sysread($h, my $buf, 64); return $n ? unpack('H*', $buf) : ''; }
sub copy_from {
  my ($fh, $from, $to) = @_;
  my $pos = $from;
  sysseek($fh, $pos, 0) or return $pos;
  while (!defined($to) || $pos < $to) {
    my $want = 262144;
    $want = $to - $pos if defined($to) && $to - $pos < $want;
    my $n = sysread($fh, my $buf, $want);
    last if !$n;
    emit($buf); $pos += $n;
  }
  mark_pos($pos);
  return $pos;
}
sub rotated_copy {
  my ($min, $want) = @_;
  my ($dir, $base) = $path =~ m{^(.*)/([^/]+)\z}s;
  opendir(my $dh, length($dir) ? $dir : '/') or return;
  my ($best, $best_mtime, $best_same) = (undef, 0, -1);
  for my $name (readdir $dh) {
    next if $name eq $base || index($name, $base) != 0 || $name =~ /\.(gz|bz2|xz|zst)$/;
    my @st = stat("$dir/$name");
    next if !@st || !-f _ || $st[7] < $min || time - $st[9] > 600;
    my $same = 0;
    if (length($want) && open(my $c, '<', "$dir/$name")) { binmode $c; $same = substr(head_hex($c), 0, length($want)) eq $want ? 1 : 0; }
    ($best, $best_mtime, $best_same) = ("$dir/$name", $st[9], $same) if $same > $best_same || ($same == $best_same && $st[9] > $best_mtime);
  }
  return $best;
}
sub rest_from_copy {
  my ($from, $want, $gap) = @_;
  my $copy = rotated_copy($from, $want);
  if ($copy && open(my $old, '<', $copy)) { binmode $old; copy_from($old, $from, undef); }
  elsif (length($gap)) { ctl('GAP', '?', $gap); }
  end_of_file();
}
sub by_inode {
  my ($ino) = @_;
  my ($dir) = $path =~ m{^(.*)/[^/]+\z}s;
  opendir(my $dh, length($dir) ? $dir : '/') or return;
  for my $name (readdir $dh) { my @st = stat("$dir/$name"); return "$dir/$name" if @st && -f _ && $st[1] == $ino; }
  return;
}

my $fh;
my $waiting = 0;
until ($fh = open_file()) { ctl('WAIT', 'missing') unless $waiting++; nap(1); }
my @st = stat($fh);
my ($ino, $pos) = ($st[1], 0);
my $known_head = '';
if (length($inode) && $inode == $ino) {
  $pos = $offset;
  my $regrown = length($head) && substr(head_hex($fh), 0, length($head)) ne $head;
  if ($st[7] < $pos || $regrown) {
    rest_from_copy($pos, $head, 'truncated-while-disconnected');
    ctl('TRUNCATED', $st[7]); $pos = 0;
  } else { $known_head = $head; }
} elsif (length($inode)) {
  my $old_path = by_inode($inode);
  if ($old_path && open(my $old, '<', $old_path)) { binmode $old; copy_from($old, $offset, undef); }
  else { ctl('GAP', '?', 'rotated-file-gone'); }
  end_of_file(); ctl('ROTATED', $ino);
} elsif ($st[7] > $backlog) {
  $pos = $st[7] - $backlog;
  sysseek($fh, $pos - 1, 0);
  my $n = sysread($fh, my $buf, 65536);
  my $nl = $n ? index($buf, "\n") : -1;
  $pos += $nl if $nl >= 0;
}
ctl('OPEN', $ino, $pos, $st[7]);

my $idle = 0;
while (1) {
  my $before = $pos;
  $pos = copy_from($fh, $pos, undef);
  if (length($known_head) < 128 && $pos * 2 > length($known_head)) {
    my $h = head_hex($fh);
    if ($h ne $known_head) { ctl('HEAD', $h); $known_head = $h; }
  }
  if ($pos > $before) { $idle = 0; next; }
  my @now = stat($path);
  my @cur = stat($fh);
  if (@now && $now[1] != $ino) {
    my ($quiet, $rounds) = (0, 0);
    while ($quiet < 10 && $rounds++ < 300) { nap(0.1); my $p = copy_from($fh, $pos, undef); $quiet = $p > $pos ? 0 : $quiet + 1; $pos = $p; }
    my $next = open_file() or next;
    end_of_file();
    $fh = $next; $ino = (stat($fh))[1]; $pos = 0; $known_head = '';
    ctl('ROTATED', $ino);
    next;
  }
  if (@cur && $cur[7] < $pos) {
    rest_from_copy($pos, $known_head, '');
    ctl('TRUNCATED', $cur[7]); $pos = 0; $known_head = '';
    next;
  }
  nap($idle++ < 20 ? 0.05 : 0.2);
}
`;

export interface FollowCommandOptions {
  path: string;
  /** Resume here (with `inode`); null to start `backlogBytes` before the end of the file. */
  offset: number | null;
  inode: string | null;
  /** The file's first bytes as the last HEAD gave them (hex), to recognise the same file on resuming. */
  head?: string | null;
  backlogBytes: number;
  sudo?: boolean;
  /** Extended regular expressions; a line must match one include (when any) and no exclude. */
  include?: string[];
  exclude?: string[];
  /** Random marker that starts every frame, so shell start-up noise is never taken for data. */
  nonce: string;
}

/** Builds the remote command: the Perl follower, every variable part an argument. */
export function buildFollowCommand(options: FollowCommandOptions): string {
  checkFollowed(options);
  const resume = options.offset !== null && options.inode !== null;
  const args = [
    options.path,
    options.nonce,
    resume ? String(Math.floor(options.offset!)) : '0',
    resume ? options.inode! : '',
    String(Math.floor(options.backlogBytes)),
    alternation(options.include ?? []),
    alternation(options.exclude ?? []),
    resume ? (options.head ?? '') : '',
  ];
  return perlCommand(PERL_FOLLOWER.trim(), args, { sudo: options.sudo });
}

/** Refuses what no follower may be given: a relative path, a nonce a frame header could not carry. */
function checkFollowed(options: Pick<FollowCommandOptions, 'path' | 'nonce'>): void {
  if (!options.path.startsWith('/')) throw new Error(`log path must be absolute: ${options.path}`);
  if (!/^[A-Za-z0-9-]+$/.test(options.nonce)) throw new Error('nonce must be alphanumeric');
}

/**
 * The follower for hosts without perl (Alpine, minimal RHEL images): POSIX sh and `tail -F`, found in
 * every base system, BusyBox's included. It opens as the Perl one does (OPEN, WAIT), aligns a backlog
 * start to a line and resumes at an offset in the same file, then says RAW: the rest of the stream is the
 * file's bytes, as tail writes them. tail follows rename and copytruncate rotations by name, but says so
 * only on stderr and not at which byte: offsets are exact until a rotation, and include/exclude patterns
 * are not applied on the host. Like the Perl follower, it ends once its SSH session has (on Linux).
 */
const TAIL_FOLLOWER = `
set -f
${STANDARD_PATH}
LC_ALL=C; export LC_ALL
parent=$PPID
zone=\${TZ#:}
[ -n "$zone" ] || zone=$(readlink /etc/localtime 2>/dev/null | sed -n 's|.*zoneinfo/||p')
[ -n "$zone" ] || { [ -r /etc/timezone ] && read -r zone < /etc/timezone; }
case $zone in [A-Za-z]*) case $zone in *[!A-Za-z0-9_+/-]*) zone=- ;; esac ;; *) zone=- ;; esac
printf '%s C ZONE %s %s\\n' "$nonce" "$(date +%z)" "$zone"
missing=0
while [ ! -f "$path" ]; do
  [ "$missing" = 0 ] && printf '%s C WAIT missing\\n' "$nonce"
  missing=1
  sleep 1
done
set -- $(ls -di "$path"); ino=$1
size=$(wc -c < "$path"); size=$((size + 0))
if [ -n "$inode" ] && [ "$inode" = "$ino" ] && [ "$size" -ge "$offset" ]; then
  from=$((offset + 1)); open=$offset
elif [ "$size" -gt "$backlog" ]; then
  # From the byte before the backlog's start: the line it ends (maybe only its newline) is dropped.
  from=$((size - backlog)); open=
else
  from=1; open=0
fi
tail -c "+$from" -F "$path" | {
  if [ -z "$open" ]; then IFS= read -r cut; open=$((from + \${#cut})); fi
  printf '%s C OPEN %s %s %s\\n%s C RAW\\n' "$nonce" "$ino" "$open" "$size" "$nonce"
  exec cat
} &
# Once the SSH session has ended (this shell is re-parented), tail is stopped rather than left until its
# next write fails, which for a quiet log may be never.
while kill -0 $! 2>/dev/null; do
  sleep 2
  read -r _ _ _ ppid _ < /proc/$$/stat 2>/dev/null && [ "$ppid" != "$parent" ] && kill 0
done
`;

/** Builds the remote command of the follower without perl (see TAIL_FOLLOWER); it takes no patterns. */
export function buildTailFollowCommand(
  options: Omit<FollowCommandOptions, 'include' | 'exclude' | 'head'>,
): string {
  checkFollowed(options);
  const resume = options.offset !== null && options.inode !== null;
  const variables = [
    `path=${shellQuote(options.path)}`,
    `nonce=${shellQuote(options.nonce)}`,
    `offset=${resume ? Math.floor(options.offset!) : 0}`,
    `inode=${shellQuote(resume && /^\d+$/.test(options.inode!) ? options.inode! : '')}`,
    `backlog=${Math.floor(options.backlogBytes)}`,
  ].join('\n');
  const script = `${variables}\n${TAIL_FOLLOWER.trim()}\n`;
  return posixCommand(script, { sudo: options.sudo });
}
