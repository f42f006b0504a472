import { maskVariables } from './line-masking';

export interface ErrorLine {
  /** Epoch milliseconds. */
  ts: number;
  message: string;
}

export interface ErrorSignature {
  /** The message with variable parts as placeholders; `<*>` marks tokens that varied between lines. */
  template: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Occurring in the recent window much more often than its own earlier rate predicts. */
  spiking: boolean;
  /** Count within the recent window. */
  recentCount: number;
  /** One raw line, as seen first. */
  example: string;
}

export interface SignatureOptions {
  /** End of the observation, epoch ms; defaults to the newest line. */
  now?: number;
  /** The "recent" window compared against the signature's own baseline. */
  recentMs?: number;
  /** How many times its baseline rate the recent count must reach to count as spiking. */
  spikeRatio?: number;
  /** Fewer recent lines than this never spike: three errors are not an incident. */
  minRecent?: number;
  /** Share of tokens two masked lines must share, position by position, to be one signature. */
  similarity?: number;
}

const WILDCARD = '<*>';

interface Cluster {
  tokens: string[];
  count: number;
  recentCount: number;
  firstSeen: number;
  lastSeen: number;
  example: string;
}

/**
 * Groups error lines into signatures the way Drain does: mask variables, bucket by token count and first
 * token, join the most similar template in the bucket (turning positions that differ into wildcards) or
 * start a new one. Signatures come back spiking first, then by count.
 */
export function mineErrorSignatures(
  lines: readonly ErrorLine[],
  options: SignatureOptions = {},
): ErrorSignature[] {
  if (lines.length === 0) return [];
  const now = options.now ?? lines.reduce((max, l) => Math.max(max, l.ts), -Infinity);
  const recentMs = options.recentMs ?? 5 * 60_000;
  const similarity = options.similarity ?? 0.5;
  const recentFrom = now - recentMs;
  const buckets = new Map<string, Cluster[]>();

  for (const line of lines) {
    const tokens = maskVariables(line.message).split(' ');
    const key = `${tokens.length} ${tokens[0]}`;
    const bucket = buckets.get(key) ?? [];
    buckets.set(key, bucket);
    const cluster = closest(bucket, tokens, similarity);
    const recent = line.ts > recentFrom ? 1 : 0;
    if (cluster) {
      cluster.tokens = cluster.tokens.map((t, i) => (t === tokens[i] ? t : WILDCARD));
      cluster.count++;
      cluster.recentCount += recent;
      if (line.ts < cluster.firstSeen) {
        cluster.firstSeen = line.ts;
        cluster.example = line.message;
      }
      cluster.lastSeen = Math.max(cluster.lastSeen, line.ts);
    } else {
      bucket.push({
        tokens,
        count: 1,
        recentCount: recent,
        firstSeen: line.ts,
        lastSeen: line.ts,
        example: line.message,
      });
    }
  }

  const start = lines.reduce((min, l) => Math.min(min, l.ts), Infinity);
  const baselineMs = Math.max(0, recentFrom - start);
  const signatures = [...buckets.values()].flat().map((c) => ({
    template: c.tokens.join(' '),
    count: c.count,
    firstSeen: c.firstSeen,
    lastSeen: c.lastSeen,
    spiking: isSpiking(c, baselineMs, recentMs, options),
    recentCount: c.recentCount,
    example: c.example,
  }));
  return signatures.sort((a, b) => Number(b.spiking) - Number(a.spiking) || b.count - a.count);
}

function closest(
  bucket: readonly Cluster[],
  tokens: readonly string[],
  minSimilarity: number,
): Cluster | null {
  let best: Cluster | null = null;
  let bestScore = -1;
  for (const cluster of bucket) {
    let same = 0;
    for (let i = 0; i < tokens.length; i++)
      if (cluster.tokens[i] === tokens[i] || cluster.tokens[i] === WILDCARD) same++;
    const score = same / tokens.length;
    if (score >= minSimilarity && score > bestScore) {
      best = cluster;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Compares the recent count with what the signature's rate before the window predicts. A signature that
 * first appears in the recent window has no baseline, so any burst of it spikes.
 */
function isSpiking(
  cluster: Cluster,
  baselineMs: number,
  recentMs: number,
  options: SignatureOptions,
): boolean {
  const minRecent = options.minRecent ?? 5;
  const ratio = options.spikeRatio ?? 3;
  if (cluster.recentCount < minRecent) return false;
  const baselineCount = cluster.count - cluster.recentCount;
  const expected = baselineMs > 0 ? (baselineCount / baselineMs) * recentMs : 0;
  return cluster.recentCount >= ratio * Math.max(expected, 1);
}
