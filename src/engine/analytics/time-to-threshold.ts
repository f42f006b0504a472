/** When a forecast crosses a threshold, with the spread the prediction interval allows. */
export interface IntervalForecast {
  forecast: readonly number[];
  lower: readonly number[];
  upper: readonly number[];
  /** Coverage of the interval, e.g. 0.8. */
  level: number;
}

export type CrossingDirection = 'rising' | 'falling';

export interface ThresholdCrossing {
  threshold: number;
  direction: CrossingDirection;
  /** The last observed value is already past the threshold. */
  alreadyCrossed: boolean;
  /** Milliseconds after the last observation when the point forecast crosses; null if not within the horizon. */
  expectedMs: number | null;
  /** The earliest the interval allows (its far bound crosses first). */
  earliestMs: number | null;
  /** The latest the interval allows (its near bound crosses last); null if it may not cross within the horizon. */
  latestMs: number | null;
  horizonMs: number;
  level: number;
}

/**
 * Finds when the point forecast and each interval bound first cross `threshold`, interpolating linearly
 * between steps. Rising unless the threshold is below the last observed value, or as `direction` says:
 * a limit that must not be reached (a scaling threshold) is rising even once the value is past it.
 */
export function timeToThreshold(
  lastValue: number,
  prediction: IntervalForecast,
  threshold: number,
  stepMs: number,
  direction: CrossingDirection = threshold >= lastValue ? 'rising' : 'falling',
): ThresholdCrossing {
  const past = (v: number) => (direction === 'rising' ? v >= threshold : v <= threshold);
  const crossing = (path: readonly number[]): number | null => {
    let previous = lastValue;
    for (let i = 0; i < path.length; i++) {
      if (past(path[i])) {
        const fraction = path[i] === previous ? 1 : (threshold - previous) / (path[i] - previous);
        return (i + Math.min(1, Math.max(0, fraction))) * stepMs;
      }
      previous = path[i];
    }
    return null;
  };
  const [early, late] =
    direction === 'rising' ? [prediction.upper, prediction.lower] : [prediction.lower, prediction.upper];
  const alreadyCrossed = direction === 'rising' ? lastValue >= threshold : lastValue <= threshold;
  return {
    threshold,
    direction,
    alreadyCrossed,
    expectedMs: alreadyCrossed ? 0 : crossing(prediction.forecast),
    earliestMs: alreadyCrossed ? 0 : crossing(early),
    latestMs: alreadyCrossed ? 0 : crossing(late),
    horizonMs: prediction.forecast.length * stepMs,
    level: prediction.level,
  };
}

/** "errors/s cross 50 in about 6 min, 80% interval 4–9 min" and its variants. */
export function describeCrossing(metric: string, crossing: ThresholdCrossing): string {
  const verb = crossing.direction === 'rising' ? 'rise above' : 'fall below';
  const level = `${Math.round(crossing.level * 100)}% interval`;
  const threshold = formatNumber(crossing.threshold);
  if (crossing.alreadyCrossed)
    return `${metric} is already ${crossing.direction === 'rising' ? 'at or above' : 'at or below'} ${threshold}`;
  const latest =
    crossing.latestMs === null
      ? `beyond ${formatDuration(crossing.horizonMs)}`
      : formatDuration(crossing.latestMs);
  if (crossing.expectedMs !== null) {
    const range = formatRange(formatDuration(crossing.earliestMs ?? crossing.expectedMs), latest);
    return `${metric} ${crossing.direction === 'rising' ? 'cross' : 'fall below'} ${threshold} in about ${formatDuration(crossing.expectedMs)}, ${level} ${range}`;
  }
  const stays = crossing.direction === 'rising' ? 'stay below' : 'stay above';
  const risk =
    crossing.earliestMs === null
      ? `the ${level} does not reach it either`
      : `the ${level} allows it to ${verb} it in ${formatDuration(crossing.earliestMs)}`;
  return `${metric} ${stays} ${threshold} for the next ${formatDuration(crossing.horizonMs)}; ${risk}`;
}

export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = seconds / 60;
  if (minutes < 90) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 36) return `${Number(hours.toFixed(hours < 10 ? 1 : 0))} h`;
  return `${Number((hours / 24).toFixed(1))} d`;
}

/** "4 min" and "9 min" read as "4–9 min"; mixed units keep both. */
function formatRange(from: string, to: string): string {
  const [fromValue, fromUnit] = from.split(' ');
  const [, toUnit] = to.split(' ');
  return fromUnit === toUnit && !to.startsWith('beyond') ? `${fromValue}–${to}` : `${from}–${to}`;
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)));
}
