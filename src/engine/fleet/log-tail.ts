import { randomBytes } from 'node:crypto';
import type { ClientChannel } from 'ssh2';
import type { StreamMarkerKind } from '../../shared/types';
import type { Disposable } from '../disposable';
import { DisposableStore, toDisposable } from '../disposable';
import { LineSplitter } from '../ingest/line-splitter';
import type { HostConnection } from './host-connection';
import { buildTailCommand, TailFramer, type TailHeader } from './tail-command';

export interface LogTailSource {
  path: string;
  sudo?: boolean;
}

/** Where a tail delivers what it reads. */
export interface LogTailSink {
  lines(lines: string[]): void;
  marker(kind: StreamMarkerKind, text: string): void;
  /** The remote command wrote to stderr (missing file, sudo refused…): a diagnostic, never a log line. */
  diagnostic(text: string): void;
}

export interface LogTailOptions {
  /** How much of the file's end to show when a tail starts fresh. */
  backlogBytes: number;
  /** Delay before re-running a tail whose command ended while the connection stayed up. */
  restartDelayMs?: number;
}

/**
 * Follows one file on one host. The byte offset advances by complete lines only, so after a lost
 * connection the tail resumes exactly where it stopped: nothing lost, nothing repeated.
 */
export class LogTail implements Disposable {
  /** Bytes of the file consumed as complete lines; null until the first header. */
  offset: number | null = null;
  private inode: string | null = null;
  private channel: ClientChannel | null = null;
  private readonly store = new DisposableStore();
  private restartTimer: NodeJS.Timeout | null = null;
  private hadConnection = false;

  constructor(
    private readonly connection: HostConnection,
    readonly source: LogTailSource,
    private readonly sink: LogTailSink,
    private readonly options: LogTailOptions,
  ) {
    this.store.add(connection.on('ready', () => this.open()));
    this.store.add(connection.on('lost', () => (this.channel = null)));
    this.store.add(toDisposable(() => this.restartTimer && clearTimeout(this.restartTimer)));
    if (connection.liveClient) this.open();
  }

  dispose(): void {
    this.store.dispose();
    this.channel?.close();
    this.channel = null;
  }

  private open(): void {
    if (this.store.isDisposed) return;
    if (this.hadConnection) this.sink.marker('reconnect', `reconnected to ${this.connection.endpoint.name}`);
    this.hadConnection = true;
    const nonce = `WF-${randomBytes(12).toString('hex')}`;
    const command = buildTailCommand({
      path: this.source.path,
      sudo: this.source.sudo,
      offset: this.offset,
      backlogBytes: this.options.backlogBytes,
      nonce,
    });
    this.connection.exec(command).then(
      (channel) => this.attach(channel, nonce),
      (err: Error) => {
        this.sink.diagnostic(`cannot start tail of ${this.source.path}: ${err.message}`);
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
    const framer = new TailFramer(nonce);
    const splitter = new LineSplitter();
    let headerSeen = false;
    let skipPartialFirstLine = false;
    channel.on('data', (chunk: Buffer) => {
      let payload = framer.push(chunk);
      if (!framer.header) return;
      if (!headerSeen) {
        headerSeen = true;
        skipPartialFirstLine = this.onHeader(framer.header);
      }
      if (skipPartialFirstLine && payload.length > 0) {
        const nl = payload.indexOf(0x0a);
        if (nl < 0) {
          this.offset! += payload.length;
          return;
        }
        this.offset! += nl + 1;
        payload = payload.subarray(nl + 1);
        skipPartialFirstLine = false;
      }
      if (payload.length === 0) return;
      const { lines, bytes } = splitter.push(payload);
      this.offset! += bytes;
      if (lines.length > 0) this.sink.lines(lines);
    });
    channel.stderr.on('data', (chunk: Buffer) => this.sink.diagnostic(chunk.toString('utf8').trim()));
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = null;
      if (this.connection.liveClient) this.scheduleRestart();
    });
  }

  /** Reconciles the file's identity and size with what was read before; true to skip a partial first line. */
  private onHeader(header: TailHeader): boolean {
    if (this.offset === null) {
      this.offset = header.start;
      this.inode = header.inode;
      return header.start > 0;
    }
    if (header.inode !== this.inode) {
      this.sink.marker(
        'rotation',
        `${this.source.path} was replaced (inode ${this.inode} → ${header.inode})`,
      );
    }
    if (header.start < this.offset) {
      this.sink.marker(
        'gap',
        `${this.source.path} was truncated while disconnected; reading it again from the start`,
      );
      this.offset = header.start;
    }
    this.inode = header.inode;
    return false;
  }

  private scheduleRestart(): void {
    if (this.store.isDisposed || this.restartTimer) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.connection.liveClient && !this.channel) this.open();
    }, this.options.restartDelayMs ?? 2000);
  }
}
