import { maskVariables } from '../analytics/line-masking';
import { messageBody } from './message-body';

export interface SignatureTrackerOptions {
  /** The "recent" window compared against each signature's own earlier rate. */
  recentMs?: number;
  /** How many times its baseline rate the recent count must reach to count as spiking. */
  spikeRatio?: number;
  /** Fewer recent lines than this never spike. */
  minRecent?: number;
  /** Share of tokens two masked lines must share, position by position, to be one signature. */
  similarity?: number;
  /** Signatures seen within this long of the first line are the application's usual errors, not new ones. */
  warmupMs?: number;
  /** Most signatures kept; the least recently seen go first. */
  maxSignatures?: number;
  /** Resolution of the recent counts. */
  bucketMs?: number;
}

export interface TrackedSignature {
  id: string;
  template: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  isNew: boolean;
  spiking: boolean;
  recentCount: number;
  example: string;
}

interface Cluster {
  id: string;
  tokens: string[];
  count: number;
  firstSeen: number;
  lastSeen: number;
  example: string;
  /** Line counts per bucket within the recent window. */
  recent: Map<number, number>;
}

const WILDCARD = '<*>';
const DEFAULTS = {
  recentMs: 5 * 60_000,
  spikeRatio: 3,
  minRecent: 5,
  similarity: 0.5,
  warmupMs: 60_000,
  maxSignatures: 500,
  bucketMs: 10_000,
};

/**
 * Error signatures of one application, mined incrementally the way Drain does (mask variables, bucket by
 * token count and first token, join the most similar template or start a new one), so each line is
 * looked at once. Unlike a batch run it remembers when each signature first appeared and how many lines
 * it had recently, for "new" and "spiking".
 */
export class SignatureTracker {
  private readonly options: typeof DEFAULTS;
  private readonly groups = new Map<string, Cluster[]>();
  private readonly byId = new Map<string, Cluster>();
  private startedAt = Infinity;
  private nextId = 1;

  constructor(
    private readonly prefix: string,
    options: SignatureTrackerOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  get size(): number {
    return this.byId.size;
  }

  /** Adds one error line; returns its signature's id and whether the line started it. */
  add(ts: number, message: string): { id: string; created: boolean } {
    if (ts < this.startedAt) this.startedAt = ts;
    const firstLine = message.split('\n', 1)[0];
    const tokens = maskVariables(messageBody(firstLine)).split(' ');
    const key = `${tokens.length} ${tokens[0]}`;
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = []));
    const bucket = Math.floor(ts / this.options.bucketMs);
    const cluster = this.closest(group, tokens);
    if (cluster) {
      for (let i = 0; i < tokens.length; i++)
        if (cluster.tokens[i] !== tokens[i]) cluster.tokens[i] = WILDCARD;
      cluster.count++;
      cluster.lastSeen = Math.max(cluster.lastSeen, ts);
      if (ts < cluster.firstSeen) {
        cluster.firstSeen = ts;
        cluster.example = firstLine;
      }
      cluster.recent.set(bucket, (cluster.recent.get(bucket) ?? 0) + 1);
      return { id: cluster.id, created: false };
    }
    const created: Cluster = {
      id: `${this.prefix}#${this.nextId++}`,
      tokens,
      count: 1,
      firstSeen: ts,
      lastSeen: ts,
      example: firstLine.slice(0, 2000),
      recent: new Map([[bucket, 1]]),
    };
    group.push(created);
    this.byId.set(created.id, created);
    if (this.byId.size > this.options.maxSignatures) this.evictStalest();
    return { id: created.id, created: true };
  }

  /** Every signature as of `now`: spiking first, then new, then by count. */
  signatures(now: number): TrackedSignature[] {
    return [...this.byId.values()]
      .map((c) => this.view(c, now))
      .sort(
        (a, b) =>
          Number(b.spiking) - Number(a.spiking) || Number(b.isNew) - Number(a.isNew) || b.count - a.count,
      );
  }

  signature(id: string, now: number): TrackedSignature | null {
    const cluster = this.byId.get(id);
    return cluster ? this.view(cluster, now) : null;
  }

  private view(c: Cluster, now: number): TrackedSignature {
    const recentFrom = Math.floor((now - this.options.recentMs) / this.options.bucketMs);
    let recentCount = 0;
    for (const [bucket, n] of c.recent) {
      if (bucket < recentFrom) c.recent.delete(bucket);
      else recentCount += n;
    }
    return {
      id: c.id,
      template: c.tokens.join(' '),
      count: c.count,
      firstSeen: c.firstSeen,
      lastSeen: c.lastSeen,
      isNew: c.firstSeen >= this.startedAt + this.options.warmupMs,
      spiking: this.isSpiking(c, recentCount, now),
      recentCount,
      example: c.example,
    };
  }

  /**
   * Compares the recent count with what the signature's rate before the window predicts. One that first
   * appeared within the window has no baseline, so any burst of it spikes.
   */
  private isSpiking(c: Cluster, recentCount: number, now: number): boolean {
    const { recentMs, minRecent, spikeRatio } = this.options;
    if (recentCount < minRecent) return false;
    const baselineMs = Math.max(0, now - recentMs - Math.max(this.startedAt, c.firstSeen));
    const expected = baselineMs > 0 ? ((c.count - recentCount) / baselineMs) * recentMs : 0;
    return recentCount >= spikeRatio * Math.max(expected, 1);
  }

  private closest(group: readonly Cluster[], tokens: readonly string[]): Cluster | null {
    let best: Cluster | null = null;
    let bestScore = -1;
    for (const cluster of group) {
      let same = 0;
      for (let i = 0; i < tokens.length; i++)
        if (cluster.tokens[i] === tokens[i] || cluster.tokens[i] === WILDCARD) same++;
      const score = same / tokens.length;
      if (score >= this.options.similarity && score > bestScore) {
        best = cluster;
        bestScore = score;
      }
    }
    return best;
  }

  private evictStalest(): void {
    let stalest: Cluster | null = null;
    for (const c of this.byId.values()) if (!stalest || c.lastSeen < stalest.lastSeen) stalest = c;
    if (!stalest) return;
    this.byId.delete(stalest.id);
    const key = `${stalest.tokens.length} ${stalest.tokens[0]}`;
    const group = this.groups.get(key);
    if (group) group.splice(group.indexOf(stalest), 1);
  }
}
