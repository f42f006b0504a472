import type { ClientChannel } from 'ssh2';
import type { Disposable } from '../disposable';
import { isSessionLimitError } from './connection-errors';
import type { HostConnection } from './host-connection';

export interface TerminalSize {
  cols: number;
  rows: number;
}

export interface TerminalEvents {
  output(id: string, data: string): void;
  closed(id: string, reason: string): void;
}

/**
 * Interactive shells on hosts' existing connections (one channel each), for the terminal tabs. Output is
 * passed through as text; nothing typed or shown is logged or stored.
 */
export class TerminalSessions implements Disposable {
  private readonly channels = new Map<string, ClientChannel>();
  private nextId = 1;

  constructor(private readonly events: TerminalEvents) {}

  async open(connection: HostConnection, size: TerminalSize): Promise<string> {
    const client = connection.liveClient;
    if (!client)
      throw new Error(`${connection.endpoint.name} is not connected: a terminal needs a live connection`);
    const channel = await new Promise<ClientChannel>((resolve, reject) =>
      client.shell({ term: 'xterm-256color', cols: size.cols, rows: size.rows }, (err, ch) =>
        err
          ? reject(new Error(`${connection.endpoint.name} refused a shell: ${whyRefused(err)}`))
          : resolve(ch),
      ),
    );
    const id = `term-${this.nextId++}`;
    this.channels.set(id, channel);
    channel.setEncoding('utf8');
    channel.stderr.setEncoding('utf8');
    channel.on('data', (data: string) => this.events.output(id, data));
    channel.stderr.on('data', (data: string) => this.events.output(id, data));
    channel.on('close', () => {
      if (this.channels.delete(id)) this.events.closed(id, `the shell on ${connection.endpoint.name} ended`);
    });
    return id;
  }

  input(id: string, data: string): void {
    this.channel(id).write(data);
  }

  resize(id: string, size: TerminalSize): void {
    this.channel(id).setWindow(size.rows, size.cols, 0, 0);
  }

  close(id: string): void {
    const channel = this.channels.get(id);
    if (!channel) return;
    this.channels.delete(id);
    channel.close();
    this.events.closed(id, 'closed');
  }

  get openCount(): number {
    return this.channels.size;
  }

  dispose(): void {
    for (const id of [...this.channels.keys()]) this.close(id);
  }

  private channel(id: string): ClientChannel {
    const channel = this.channels.get(id);
    if (!channel) throw new Error(`terminal ${id} is closed`);
    return channel;
  }
}

function whyRefused(err: Error): string {
  return isSessionLimitError(err)
    ? 'its connection carries as many sessions as sshd_config MaxSessions allows (close a terminal, or raise it)'
    : err.message;
}
