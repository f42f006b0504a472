/** One scale-up still in effect: the replicas before and after, and the request load that justified it. */
export interface RememberedScaleUp {
  from: number;
  to: number;
  load: number;
  at: number;
}

/**
 * What the advisor remembers of an application between forecasts: the load at each scale-up still in
 * effect (oldest first), so the pool shrinks back only once load falls well below it (Campos 2021), and
 * when the replica count last changed, for the cooldown.
 */
export interface ScalingMemory {
  scaleUps: RememberedScaleUp[];
  lastChangeAt: number | null;
}

export const emptyMemory = (): ScalingMemory => ({ scaleUps: [], lastChangeAt: null });

export interface ScaleChange {
  from: number;
  to: number;
  /** The request load when the change was made. */
  load: number;
  at: number;
}

/** The memory after a change: a scale-up is remembered, a scale-down forgets the scale-ups it undid. */
export function recordScaleChange(memory: ScalingMemory, change: ScaleChange): ScalingMemory {
  const kept = reconcileMemory(memory, change.to).scaleUps;
  return {
    scaleUps: change.to > change.from ? [...kept, { ...change }] : kept,
    lastChangeAt: change.at,
  };
}

/** Forgets scale-ups already undone, e.g. when someone scaled down outside the workbench. */
export function reconcileMemory(memory: ScalingMemory, replicas: number): ScalingMemory {
  return { ...memory, scaleUps: memory.scaleUps.filter((s) => s.from < replicas) };
}
