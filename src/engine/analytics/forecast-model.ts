/** The forecasting models Watchfloor can fit, and the shape every one of them shares. */
export const MODEL_NAMES = ['naive', 'seasonal-naive', 'holt-winters', 'theta', 'combination'] as const;

export type ModelName = (typeof MODEL_NAMES)[number];

/**
 * Point forecast of the next `horizon` values after `history`. `season` is the period in steps, 1 when the
 * series has none. Implementations are pure and never mutate `history`.
 */
export type PointForecaster = (history: readonly number[], horizon: number, season: number) => number[];

export function isModelName(value: string): value is ModelName {
  return (MODEL_NAMES as readonly string[]).includes(value);
}
