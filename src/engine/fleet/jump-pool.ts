import type { Client } from 'ssh2';
import type { Duplex } from 'node:stream';
import { Limiter } from './connect-limiter';
import { forwardThrough, sshHandshake, type HandshakeDeps, type JumpRoute } from './ssh-handshake';
import type { ResolvedSshHost } from './ssh-config-resolver';

/** A share of one jump connection: streams to targets behind it, and a bound on handshakes through it. */
export interface JumpLease {
  forward(host: string, port: number): Promise<Duplex>;
  /** Handshakes to targets through this jump host, at most `perJumpHandshakes` at once. */
  readonly handshakes: Limiter;
  release(): void;
}

interface Entry {
  client: Promise<Client>;
  refs: number;
  handshakes: Limiter;
  idle: NodeJS.Timeout | null;
  closed: boolean;
}

/**
 * One connection per jump host chain, shared by every target behind it (like OpenSSH's ControlMaster
 * for ProxyJump): a bastion in front of 200 hosts sees one login, not 200. Unused jump connections
 * close after a grace period, so a reconnecting fleet reuses them.
 */
export class JumpPool {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly deps: HandshakeDeps,
    private readonly options: { perJumpHandshakes: number; idleCloseMs: number } = {
      perJumpHandshakes: 10,
      idleCloseMs: 5000,
    },
  ) {}

  async acquire(hops: ResolvedSshHost[], forHost: string): Promise<JumpLease> {
    const key = hops.map((h) => `${h.user}@${h.hostName}:${h.port}`).join('>');
    let entry = this.entries.get(key);
    if (!entry || entry.closed) {
      entry = this.open(key, hops, forHost);
      this.entries.set(key, entry);
    }
    const held = entry;
    held.refs++;
    if (held.idle) clearTimeout(held.idle);
    held.idle = null;
    let client: Client;
    try {
      client = await held.client;
    } catch (err) {
      this.release(key, held);
      throw err;
    }
    const via = `${hops[hops.length - 1].alias}, jump host for ${forHost},`;
    let released = false;
    return {
      forward: (host, port) => forwardThrough(client, via, host, port),
      handshakes: held.handshakes,
      release: () => {
        if (released) return;
        released = true;
        this.release(key, held);
      },
    };
  }

  dispose(): void {
    for (const entry of this.entries.values()) {
      if (entry.idle) clearTimeout(entry.idle);
      entry.closed = true;
      void entry.client.then(
        (c) => c.end(),
        () => undefined,
      );
    }
    this.entries.clear();
  }

  private open(key: string, hops: ResolvedSshHost[], forHost: string): Entry {
    const entry: Entry = {
      client: Promise.resolve(null as unknown as Client),
      refs: 0,
      handshakes: new Limiter(this.options.perJumpHandshakes),
      idle: null,
      closed: false,
    };
    entry.client = (async () => {
      const last = hops[hops.length - 1];
      let outer: JumpLease | null = null;
      let route: JumpRoute | undefined;
      if (hops.length > 1) {
        const lease = await this.acquire(hops.slice(0, -1), forHost);
        outer = lease;
        const reopen = () => lease.forward(last.hostName, last.port);
        route = {
          sock: await reopen().catch((err) => {
            lease.release();
            throw err;
          }),
          reopen,
        };
      }
      try {
        const client = await sshHandshake(last, route, `${last.alias}, jump host for ${forHost}`, this.deps);
        client.on('close', () => {
          entry.closed = true;
          if (this.entries.get(key) === entry) this.entries.delete(key);
          outer?.release();
        });
        return client;
      } catch (err) {
        outer?.release();
        throw err;
      }
    })();
    entry.client.catch(() => {
      entry.closed = true;
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry;
  }

  private release(key: string, entry: Entry): void {
    entry.refs--;
    if (entry.refs > 0 || entry.closed) return;
    entry.idle = setTimeout(() => {
      entry.closed = true;
      if (this.entries.get(key) === entry) this.entries.delete(key);
      void entry.client.then(
        (c) => c.end(),
        () => undefined,
      );
    }, this.options.idleCloseMs);
  }
}
