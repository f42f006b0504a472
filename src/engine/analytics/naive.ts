/** Repeat the last value. The baseline every other model has to beat. */
export function naiveForecast(history: readonly number[], horizon: number): number[] {
  const last = history.length > 0 ? history[history.length - 1] : NaN;
  return new Array<number>(horizon).fill(last);
}

/** Repeat the last full season; falls back to naive when the history is shorter than one season. */
export function seasonalNaiveForecast(history: readonly number[], horizon: number, season: number): number[] {
  if (season <= 1 || history.length < season) return naiveForecast(history, horizon);
  const start = history.length - season;
  return Array.from({ length: horizon }, (_, h) => history[start + (h % season)]);
}
