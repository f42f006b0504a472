import WebSocket from 'ws';
import type { RequestName, RequestOutcome, RequestParams, RequestResult } from '../../src/shared/api';

/**
 * The contract over `watchfloor serve`'s WebSocket, from the test process: what a second window does,
 * for requests a test makes beside the page (marks, exports) without a button to press.
 */
export class HostClient {
  private nextId = 1;
  private readonly pending = new Map<number, (outcome: RequestOutcome<unknown>) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        kind: string;
        id: number;
        outcome: RequestOutcome<unknown>;
      };
      if (message.kind !== 'response') return;
      this.pending.get(message.id)?.(message.outcome);
      this.pending.delete(message.id);
    });
    socket.on('close', () => {
      for (const resolve of this.pending.values())
        resolve({ ok: false, error: { message: 'the connection to watchfloor serve closed' } });
      this.pending.clear();
    });
  }

  /** `url` is the one serve prints (`http://127.0.0.1:PORT/#token=…`). */
  static async connect(url: string): Promise<HostClient> {
    const page = new URL(url);
    const token = new URLSearchParams(page.hash.slice(1)).get('token') ?? '';
    const socket = new WebSocket(`ws://${page.host}/ws?token=${encodeURIComponent(token)}`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new HostClient(socket);
  }

  async request<K extends RequestName>(name: K, params: RequestParams<K>): Promise<RequestResult<K>> {
    const id = this.nextId++;
    const outcome = await new Promise<RequestOutcome<unknown>>((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify({ kind: 'request', id, name, params }));
    });
    if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error.message}`);
    return outcome.value as RequestResult<K>;
  }

  close(): void {
    this.socket.close();
  }
}
