/** One source of lines: a log file of an application on a host. */
export interface StreamIdentity {
  host: string;
  app: string;
  source: string;
}

/**
 * Interns (host, app, source) triples as small dense ids, so a row stores one number instead of three
 * strings, and hosts and applications get dense ids of their own for the rollups.
 */
export class StreamTable {
  readonly streams: StreamIdentity[] = [];
  /** Dense host id of each stream. */
  readonly hostOf: number[] = [];
  /** Dense application id of each stream. */
  readonly appOf: number[] = [];
  readonly hosts: string[] = [];
  readonly apps: string[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly hostIds = new Map<string, number>();
  private readonly appIds = new Map<string, number>();
  private last: StreamIdentity | null = null;
  private lastId = -1;

  get size(): number {
    return this.streams.length;
  }

  intern(host: string, app: string, source: string): number {
    // Consecutive rows nearly always come from the same source (and the same string objects).
    const last = this.last;
    if (last !== null && last.host === host && last.app === app && last.source === source) return this.lastId;
    const key = `${host}\u0000${app}\u0000${source}`;
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.streams.length;
      this.streams.push({ host, app, source });
      this.hostOf.push(internName(this.hostIds, this.hosts, host));
      this.appOf.push(internName(this.appIds, this.apps, app));
      this.byKey.set(key, id);
    }
    this.last = this.streams[id];
    this.lastId = id;
    return id;
  }

  hostId(host: string): number | undefined {
    return this.hostIds.get(host);
  }

  appId(app: string): number | undefined {
    return this.appIds.get(app);
  }
}

function internName(ids: Map<string, number>, names: string[], name: string): number {
  let id = ids.get(name);
  if (id === undefined) {
    id = names.length;
    names.push(name);
    ids.set(name, id);
  }
  return id;
}
