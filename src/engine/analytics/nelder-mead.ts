/** Derivative-free minimisation, bounded by a fixed number of objective evaluations. */
export interface NelderMeadOptions {
  maxEvaluations: number;
  initialStep?: number;
  tolerance?: number;
}

export interface Minimum {
  point: number[];
  value: number;
}

export function nelderMead(
  objective: (point: number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions,
): Minimum {
  const dims = start.length;
  const step = options.initialStep ?? 1;
  const tolerance = options.tolerance ?? 1e-10;
  let evaluations = 0;
  const evaluate = (point: number[]): Minimum => {
    evaluations++;
    const value = objective(point);
    return { point, value: Number.isFinite(value) ? value : Infinity };
  };

  const simplex: Minimum[] = [evaluate([...start])];
  for (let d = 0; d < dims; d++) {
    const vertex = [...start];
    vertex[d] += step;
    simplex.push(evaluate(vertex));
  }

  const along = (from: number[], to: number[], t: number) => from.map((v, i) => v + t * (to[i] - v));

  while (evaluations < options.maxEvaluations) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0];
    const worst = simplex[dims];
    if (Math.abs(worst.value - best.value) <= tolerance * (Math.abs(best.value) + tolerance)) break;

    const centroid = new Array<number>(dims).fill(0);
    for (let i = 0; i < dims; i++) for (let d = 0; d < dims; d++) centroid[d] += simplex[i].point[d] / dims;

    const reflected = evaluate(along(centroid, worst.point, -1));
    if (reflected.value < best.value) {
      const expanded = evaluate(along(centroid, worst.point, -2));
      simplex[dims] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < simplex[dims - 1].value) {
      simplex[dims] = reflected;
    } else {
      const outside = reflected.value < worst.value;
      const contracted = evaluate(along(centroid, worst.point, outside ? -0.5 : 0.5));
      if (contracted.value < Math.min(reflected.value, worst.value)) {
        simplex[dims] = contracted;
      } else {
        for (let i = 1; i <= dims; i++) simplex[i] = evaluate(along(best.point, simplex[i].point, 0.5));
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return simplex[0];
}
