/**
 * Classical additive decomposition: seasonal indices are the per-phase means of the series minus its
 * centred moving average, shifted to sum to zero. Additive rather than multiplicative because rates and
 * utilisations can be zero. Index i is the phase of values[i]; returns null with under two full seasons.
 */
export function seasonalIndices(values: readonly number[], season: number): number[] | null {
  const n = values.length;
  if (season <= 1 || n < 2 * season) return null;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + values[i];
  const windowMean = (from: number, to: number) => (prefix[to] - prefix[from]) / (to - from);

  const half = Math.floor(season / 2);
  const sums = new Float64Array(season);
  const counts = new Uint32Array(season);
  for (let t = half; t < n - half; t++) {
    let trend: number;
    if (season % 2 === 1) {
      trend = windowMean(t - half, t + half + 1);
    } else {
      if (t + half + 1 > n) continue;
      // 2×m moving average centres an even-length window on t.
      trend = (windowMean(t - half, t + half) + windowMean(t - half + 1, t + half + 1)) / 2;
    }
    sums[t % season] += values[t] - trend;
    counts[t % season]++;
  }
  const indices = Array.from(sums, (sum, i) => (counts[i] > 0 ? sum / counts[i] : 0));
  const offset = indices.reduce((a, b) => a + b, 0) / season;
  return indices.map((v) => v - offset);
}
