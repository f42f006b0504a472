/**
 * How much history a model is fitted on. Forecasts for an incident (minutes to hours ahead) depend on
 * recent behaviour; smoothing models forget old points anyway, so fitting on thousands of them costs
 * time without improving accuracy. Four seasons are kept so seasonal models see several cycles.
 */
export const MIN_FIT_POINTS = 1000;
export const SEASONS_KEPT = 4;

export function fitWindow(values: readonly number[], season: number): readonly number[] {
  const keep = Math.max(MIN_FIT_POINTS, SEASONS_KEPT * Math.max(1, season));
  return values.length > keep ? values.slice(values.length - keep) : values;
}
