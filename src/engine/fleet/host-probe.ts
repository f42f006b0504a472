import { randomBytes } from 'node:crypto';
import type { ClientChannel } from 'ssh2';
import type { HostMetricsSample } from '../../shared/types';
import { DisposableStore, toDisposable, type Disposable } from '../disposable';
import { isSessionLimitError } from './connection-errors';
import type { HostConnection } from './host-connection';
import { parseProcSample, toMetricsSample, type CpuTimes } from './proc-metrics';
import { posixCommand } from './remote-shell';

export interface HostProbeOptions {
  intervalSec: number;
  now: () => number;
  onClockOffset(offsetMs: number): void;
  onSample(sample: HostMetricsSample): void;
}

/**
 * Light host metrics on the host's existing connection: one long-lived command printing /proc/loadavg,
 * /proc/stat and /proc/meminfo every few seconds, each block after a random marker line. At every
 * (re)connect it also measures the host's clock against the middle of a round trip.
 */
export class HostProbe implements Disposable {
  private readonly store = new DisposableStore();
  private channel: ClientChannel | null = null;

  constructor(
    private readonly connection: HostConnection,
    private readonly options: HostProbeOptions,
  ) {
    this.store.add(connection.on('ready', () => this.start()));
    this.store.add(toDisposable(() => this.channel?.close()));
    if (connection.liveClient) this.start();
  }

  dispose(): void {
    this.store.dispose();
  }

  private start(): void {
    void this.measureClock();
    this.sample();
  }

  private sample(): void {
    const nonce = `WF-${randomBytes(8).toString('hex')}`;
    const interval = Math.max(1, Math.floor(this.options.intervalSec));
    const script = `while :; do printf '%s %s\\n' ${nonce} "$(date +%s)"; cat /proc/loadavg; head -n 1 /proc/stat; grep -E '^(MemTotal|MemAvailable):' /proc/meminfo; sleep ${interval}; done`;
    this.connection.exec(posixCommand(script)).then(
      (channel) => this.read(channel, nonce),
      (err) => {
        // Metrics are best effort: the host's logs matter more than its load. A session refused while the
        // clock was read (a host allowing one) is asked for again once that is done.
        if (!isSessionLimitError(err) || this.store.isDisposed) return;
        const retry = setTimeout(
          () => this.connection.liveClient && !this.channel && this.sample(),
          interval * 1000,
        );
        this.store.add(toDisposable(() => clearTimeout(retry)));
      },
    );
  }

  private read(channel: ClientChannel, nonce: string): void {
    if (this.store.isDisposed) {
      channel.close();
      return;
    }
    this.channel = channel;
    let pending = '';
    let block: string[] | null = null;
    let remoteTime: number | null = null;
    let previousCpu: CpuTimes | null = null;
    const finish = () => {
      if (!block) return;
      const sample = parseProcSample(block, remoteTime);
      this.options.onSample(
        toMetricsSample(this.connection.endpoint.name, this.options.now(), sample, previousCpu),
      );
      previousCpu = sample.cpu;
    };
    channel.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(`${nonce} `)) {
          finish();
          block = [];
          remoteTime = Number(line.slice(nonce.length + 1)) || null;
        } else if (block && block.length < 16) {
          block.push(line);
        }
      }
    });
    channel.stderr.resume();
  }

  private async measureClock(): Promise<void> {
    const before = this.options.now();
    try {
      const channel = await this.connection.exec('date +%s%3N');
      let out = '';
      let after: number | null = null;
      channel.on('data', (chunk: Buffer) => {
        after ??= this.options.now();
        out += chunk.toString('latin1');
      });
      channel.stderr.resume();
      channel.on('close', () => {
        // GNU date prints milliseconds; others print the seconds followed by the unexpanded "3N".
        const text = out.trim().split('\n').pop() ?? '';
        const ms = /^\d{13}$/.test(text)
          ? Number(text)
          : /^\d{10}/.test(text)
            ? Number(text.slice(0, 10)) * 1000
            : null;
        if (after === null || ms === null) return;
        this.options.onClockOffset(clockOffsetOf(ms, before, after));
      });
    } catch {
      // not connected any more: measured again at the next connect
    }
  }
}

/**
 * A host's clock offset (remote minus local, ms) from its clock read between local times `sentAt` and
 * `receivedAt`: remote time against the round trip's midpoint. The clock was read somewhere in that round
 * trip (and rounded down to a millisecond), so an offset within half of it cannot be told from none; it
 * is 0 then, since applying it would only move the host's lines out of order against those read before.
 */
export function clockOffsetOf(remoteMs: number, sentAt: number, receivedAt: number): number {
  const offset = remoteMs - (sentAt + receivedAt) / 2;
  return Math.abs(offset) <= (receivedAt - sentAt) / 2 + 1 ? 0 : offset;
}
