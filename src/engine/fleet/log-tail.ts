import { randomBytes } from 'node:crypto';
import type { ClientChannel } from 'ssh2';
import type { StreamMarkerKind } from '../../shared/types';
import { DisposableStore, toDisposable, type Disposable } from '../disposable';
import {
  decodeLines,
  DEFAULT_MAX_LINE_BYTES,
  SniffingLineSplitter,
  type LineText,
  type SplitResult,
} from '../ingest/line-splitter';
import { isSessionLimitError } from './connection-errors';
import { buildFollowCommand, buildTailFollowCommand } from './follow-script';
import { FrameReader, type FollowControl } from './follow-frames';
import { lineFilter } from './line-filter';
import type { HostConnection } from './host-connection';
import { transportOf, type ReadPacer } from './read-pacer';
import { COMMAND_NOT_FOUND, perlWasMissing, STDERR_HEAD_CHARS } from './remote-shell';

/**
 * How long a line may wait for its newline before it is shown as it is: a writer that stopped mid-line
 * (a crash, a prompt, a progress line) would otherwise hide its last words until the file is rotated.
 * What it writes later comes as a line of its own.
 */
const PARTIAL_LINE_WAIT_MS = 2000;
/**
 * The follower writes its first record (the host's zone) as it starts: a command that has said nothing for
 * this long is not the follower (an account limited to SFTP, or to a command of its own).
 */
const FOLLOWER_SILENCE_MS = 15_000;

export interface LogTailSource {
  path: string;
  sudo?: boolean;
  include?: string[];
  exclude?: string[];
}

/** Where a tail delivers what it reads. */
export interface LogTailSink {
  lines(lines: string[]): void;
  /** Lines not decoded yet (valid during the call), after those delivered before. */
  text(text: LineText): void;
  marker(kind: StreamMarkerKind, text: string): void;
  /** The remote side wrote to stderr (sudo refused, no perl…): a diagnostic, never a log line. */
  diagnostic(text: string): void;
  /** The host's timezone, told before the file's first bytes each time the follower starts. */
  zone(offset: string, name: string | null): void;
}

export interface LogTailOptions {
  /** How much of the file's end to show when a tail starts fresh. */
  backlogBytes: number;
  /** Delay before re-running a follower that ended while the connection stayed up. */
  restartDelayMs?: number;
  /** Shares the event loop's turns between received data and everything else (one per session). */
  pacer: ReadPacer;
  /**
   * The connection to follow on instead when the host refused this one another session (sshd's
   * MaxSessions); without it the tail retries on the same connection.
   */
  moveOnSessionLimit?: (refused: HostConnection) => HostConnection;
  /** How long a started follower may say nothing before the tail says it is not being read. */
  silenceMs?: number;
}

/**
 * Follows one file on one host. The byte offset advances by complete lines only and the file's inode is
 * remembered, so after a lost connection the follower resumes exactly where it stopped — through a
 * rotation or truncation that happened meanwhile — with nothing lost and nothing repeated. What cannot
 * be recovered becomes a visible gap marker.
 */
export class LogTail implements Disposable {
  /** Bytes of the current file consumed as complete lines; null before the first OPEN. */
  offset: number | null = null;
  inode: string | null = null;
  /** The file's first bytes (hex), given back on resuming so a truncated and regrown file is recognised. */
  head: string | null = null;
  /** The first bytes (hex) of every file this tail has read, by inode: a renamed one is recognised by them. */
  private readonly headsRead = new Map<string, string>();
  /** Payload bytes received over the network (after any push-down filter). */
  bytesReceived = 0;
  private channel: ClientChannel | null = null;
  private readonly store = new DisposableStore();
  private restartTimer: NodeJS.Timeout | null = null;
  /** Armed while the current file's last line waits for its newline. */
  private partialTimer: NodeJS.Timeout | null = null;
  /** Armed from a follower's start until its first record. */
  private silenceTimer: NodeJS.Timeout | null = null;
  /** Said that the follower is not running (see sayNotFollowing), and not heard from since. */
  private notFollowingSaid = false;
  /** Followers that ended before opening the file, in a row: a bad pattern or a missing perl should not spin. */
  private failedStarts = 0;
  /** The connection dropped since the follower last started: the next start says it reconnected. */
  private reconnecting = false;
  private readonly filtering: boolean;
  /**
   * perl was not found on the host: the file is followed by `tail -F` (see buildTailFollowCommand) and
   * include/exclude patterns are applied here, to lines that have all crossed the network.
   */
  private withoutPerl = false;
  private localFilter: ((line: string) => boolean) | null = null;
  /** This tail's subscriptions to its connection's events, renewed when it moves to another connection. */
  private readonly connectionEvents = new DisposableStore();

  constructor(
    private connection: HostConnection,
    readonly source: LogTailSource,
    private readonly sink: LogTailSink,
    private readonly options: LogTailOptions,
  ) {
    this.filtering = (source.include?.length ?? 0) + (source.exclude?.length ?? 0) > 0;
    this.store.add(this.connectionEvents);
    this.store.add(toDisposable(() => this.restartTimer && clearTimeout(this.restartTimer)));
    this.store.add(toDisposable(() => this.clearPartialTimer()));
    this.store.add(toDisposable(() => this.clearSilenceTimer()));
    this.follow(connection);
  }

  private follow(connection: HostConnection): void {
    this.connection = connection;
    this.connectionEvents.clear();
    this.connectionEvents.add(connection.on('ready', () => this.open()));
    this.connectionEvents.add(
      connection.on('lost', () => {
        this.channel = null;
        this.reconnecting = true;
      }),
    );
    if (connection.liveClient) this.open();
  }

  /** Whether this tail has read the file with this inode and first bytes (under whatever name it has now). */
  hasRead(inode: string, head: string): boolean {
    const known = this.headsRead.get(inode);
    if (!known || !head) return false;
    return head.startsWith(known) || known.startsWith(head);
  }

  get host(): string {
    return this.connection.endpoint.name;
  }

  dispose(): void {
    this.store.dispose();
    this.channel?.close();
    this.channel = null;
  }

  private open(): void {
    if (this.store.isDisposed) return;
    if (this.reconnecting) this.sink.marker('reconnect', `reconnected to ${this.connection.endpoint.name}`);
    this.reconnecting = false;
    const nonce = `WF-${randomBytes(12).toString('hex')}`;
    const where = {
      path: this.source.path,
      sudo: this.source.sudo,
      offset: this.offset,
      inode: this.inode,
      backlogBytes: this.options.backlogBytes,
      nonce,
    };
    const command = this.withoutPerl
      ? buildTailFollowCommand(where)
      : buildFollowCommand({
          ...where,
          include: this.source.include,
          exclude: this.source.exclude,
          head: this.head,
        });
    const connection = this.connection;
    connection.exec(command).then(
      (channel) => this.attach(channel, nonce),
      (err: Error) => {
        const next = isSessionLimitError(err) ? this.options.moveOnSessionLimit?.(connection) : undefined;
        if (next && next !== connection && !this.store.isDisposed) {
          this.follow(next);
          return;
        }
        const why = isSessionLimitError(err)
          ? `${connection.endpoint.name} refused another SSH session (sshd_config MaxSessions)`
          : err.message;
        this.sink.diagnostic(`cannot start following ${this.source.path}: ${why}`);
        this.scheduleRestart();
      },
    );
  }

  private attach(channel: ClientChannel, nonce: string): void {
    if (this.store.isDisposed) {
      channel.close();
      return;
    }
    this.channel = channel;
    this.clearSilenceTimer();
    let heard = false;
    const silenceMs = this.options.silenceMs ?? FOLLOWER_SILENCE_MS;
    this.silenceTimer = setTimeout(() => {
      this.silenceTimer = null;
      if (this.channel === channel)
        this.sayNotFollowing(
          `started on the host but has said nothing for ${Math.round(silenceMs / 1000)} s`,
        );
    }, silenceMs);
    const hear = () => {
      heard = true;
      this.notFollowingSaid = false;
      this.clearSilenceTimer();
    };
    // One per file read, made at its first bytes: where they lie in the file helps tell UTF-16 apart.
    let splitter: SniffingLineSplitter | null = null;
    const endOfFile = () => {
      const rest = splitter?.flush();
      if (rest) this.deliverSplit(rest);
      splitter = null;
    };
    // One timer while a partial line waits, re-armed for the time left when more bytes came meanwhile.
    let lastDataAt = 0;
    this.clearPartialTimer();
    const showPartialIfQuiet = () => {
      this.partialTimer = null;
      if (this.channel !== channel || splitter === null || !splitter.hasPartial) return;
      const waited = Date.now() - lastDataAt;
      if (waited < PARTIAL_LINE_WAIT_MS) {
        this.partialTimer = setTimeout(showPartialIfQuiet, PARTIAL_LINE_WAIT_MS - waited);
        return;
      }
      const rest = splitter.flush();
      if (!this.filteredOnHost && this.offset !== null) this.offset += rest.bytes;
      this.deliverSplit(rest);
    };
    const reader = new FrameReader(nonce, {
      data: (bytes) => {
        hear();
        this.bytesReceived += bytes.length;
        // Lines stay bytes until they are parsed: decoding them is the parser's (on its worker).
        splitter ??= new SniffingLineSplitter(this.offset ?? 0, DEFAULT_MAX_LINE_BYTES, true);
        const split = splitter.push(bytes);
        if (!this.filteredOnHost && this.offset !== null) this.offset += split.bytes;
        this.deliverSplit(split);
        lastDataAt = Date.now();
        if (this.partialTimer === null && splitter.hasPartial)
          this.partialTimer = setTimeout(showPartialIfQuiet, PARTIAL_LINE_WAIT_MS);
      },
      control: (record) => {
        hear();
        this.onControl(record, endOfFile);
      },
    });
    const transport = transportOf(this.connection.liveClient);
    const consume = (chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch (err) {
        this.sink.diagnostic(`${this.source.path}: ${(err as Error).message}`);
        channel.close();
      }
    };
    channel.on('data', (chunk: Buffer) => {
      // Bytes still in flight when the tail was disposed belong to nobody.
      if (this.store.isDisposed) return;
      this.options.pacer.process(transport, () => consume(chunk));
    });
    let stderrHead = '';
    channel.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (stderrHead.length < STDERR_HEAD_CHARS) stderrHead += text;
      this.sink.diagnostic(text.trim());
    });
    channel.on('exit', (code: number | null) => {
      this.clearSilenceTimer();
      // Without a word on stderr either: what ran was not the follower (what it wrote there is said as is).
      // A follower stopped here, or cut off with its connection, has no exit status of its own.
      if (!heard && stderrHead === '' && code !== null && this.channel === channel)
        this.sayNotFollowing(`ended on the host without a word (exit status ${code})`);
      this.onExit(code, stderrHead);
    });
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = null;
      if (this.connection.liveClient) this.scheduleRestart();
    });
  }

  /** A follower that could not start for want of perl is replaced by the one without it, where it can be. */
  private onExit(code: number | null, stderrHead: string): void {
    if (this.withoutPerl || !perlWasMissing(code, stderrHead)) {
      if (this.withoutPerl && code === COMMAND_NOT_FOUND)
        this.sink.diagnostic(
          `${this.source.path} cannot be followed: neither perl nor tail was found on the host.`,
        );
      return;
    }
    const install = 'perl-base on Debian and Ubuntu, "apk add perl" on Alpine';
    if (this.filtering) {
      try {
        this.localFilter = lineFilter(this.source.include ?? [], this.source.exclude ?? []);
      } catch (err) {
        this.sink.diagnostic(
          `${this.source.path} cannot be followed: perl was not found on the host, and its include/exclude ` +
            `patterns need perl here (${(err as Error).message}; ${install}).`,
        );
        return;
      }
    }
    this.withoutPerl = true;
    this.failedStarts = 0;
    this.sink.diagnostic(
      `perl was not found on the host: following ${this.source.path} with tail -F instead` +
        (this.filtering
          ? ', its include/exclude patterns applied on arrival (every line crosses the network)'
          : '') +
        `. Resuming after a reconnection is exact only if the file was not rotated meanwhile; install perl (${install}) for that.`,
    );
  }

  /** Whether the host applies the patterns (and reports offsets in POS records). */
  private get filteredOnHost(): boolean {
    return this.filtering && !this.withoutPerl;
  }

  /** A split's lines, with a marker where a run of NUL bytes (a crash's hole) was skipped between them. */
  private deliverSplit({ lines, holes, text }: SplitResult): void {
    if (holes === undefined) {
      this.deliver(lines);
      if (text === undefined) return;
      if (this.localFilter) this.deliver(decodeLines(text));
      else this.sink.text(text);
      return;
    }
    let from = 0;
    for (const hole of holes) {
      this.deliver(lines.slice(from, hole.beforeLine));
      this.sink.marker(
        'gap',
        `${this.source.path}: ${hole.bytes} NUL bytes skipped, a hole in the file as a crash or power cut leaves`,
      );
      from = hole.beforeLine;
    }
    this.deliver(lines.slice(from));
  }

  private deliver(lines: string[]): void {
    const kept = this.localFilter ? lines.filter(this.localFilter) : lines;
    if (kept.length > 0) this.sink.lines(kept);
  }

  private onControl(record: FollowControl, endOfFile: () => void): void {
    const path = this.source.path;
    switch (record.kind) {
      case 'OPEN':
        this.failedStarts = 0;
        if (record.inode !== this.inode) this.head = null;
        this.inode = record.inode;
        this.offset = record.start;
        return;
      case 'HEAD':
        this.head = record.hex;
        if (this.inode !== null) this.headsRead.set(this.inode, record.hex);
        return;
      case 'POS':
        this.offset = record.offset;
        return;
      case 'ROTATED':
        endOfFile();
        this.sink.marker('rotation', `${path} was rotated; now reading the new file`);
        this.inode = record.inode;
        this.offset = 0;
        this.head = null;
        return;
      case 'TRUNCATED':
        endOfFile();
        this.sink.marker('rotation', `${path} was truncated (copytruncate); now reading it from the start`);
        this.offset = 0;
        this.head = null;
        return;
      case 'GAP':
        endOfFile();
        this.sink.marker(
          'gap',
          `${path}: ${record.bytes === null ? 'some lines' : `${record.bytes} bytes`} could not be read (${record.reason.replace(/-/g, ' ')})`,
        );
        return;
      case 'WAIT':
        this.sink.diagnostic(`${path} does not exist yet; waiting for it to appear`);
        return;
      case 'ZONE':
        this.sink.zone(record.offset, record.name);
        return;
      case 'RAW':
        return;
    }
  }

  /**
   * Says once, until the follower is heard from again, that the command run to follow the file is not the
   * follower: it printed none of its records.
   */
  private sayNotFollowing(what: string): void {
    if (this.notFollowingSaid) return;
    this.notFollowingSaid = true;
    this.sink.diagnostic(
      `not being read: the command that follows it ${what}. The account may be limited to SFTP ` +
        '(ForceCommand internal-sftp) or to a command of its own (ForceCommand, or command= in ' +
        'authorized_keys), which cannot follow a file.',
    );
  }

  private clearSilenceTimer(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
  }

  private clearPartialTimer(): void {
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = null;
  }

  private scheduleRestart(): void {
    if (this.store.isDisposed || this.restartTimer) return;
    const base = this.options.restartDelayMs ?? 2000;
    const delay = Math.min(60_000, base * 2 ** this.failedStarts);
    this.failedStarts++;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.connection.liveClient && !this.channel) this.open();
    }, delay);
  }
}
