/** Seeded generators for synthetic series, so every test sees the same numbers on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seededNormal(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

export interface SyntheticSeries {
  length: number;
  level?: number;
  slope?: number;
  season?: number;
  amplitude?: number;
  noise?: number;
  seed?: number;
}

/** level + slope·t + amplitude·sin(2πt/season) + N(0, noise²). */
export function synthetic(spec: SyntheticSeries): number[] {
  const normal = seededNormal(spec.seed ?? 1);
  return Array.from({ length: spec.length }, (_, t) => {
    const seasonal = spec.season ? (spec.amplitude ?? 0) * Math.sin((2 * Math.PI * t) / spec.season) : 0;
    return (spec.level ?? 0) + (spec.slope ?? 0) * t + seasonal + (spec.noise ?? 0) * normal();
  });
}

/** A random walk: the kind of series where nothing beats repeating the last value. */
export function randomWalk(length: number, seed: number): number[] {
  const normal = seededNormal(seed);
  let value = 100;
  return Array.from({ length }, () => (value += normal()));
}
