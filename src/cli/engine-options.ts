import { homedir } from 'node:os';
import path from 'node:path';
import type { LiveAnalyticsOptions } from '../engine/analytics/live-analytics';
import type { EngineWorkerData } from '../engine/worker/protocol';
import type { CliIo } from './command';

/**
 * Environment variables that tune the live analytics, for drills and demos that cannot wait for the
 * default 10 s steps: how often forecasts refresh, the series step, how long a bucket settles, and how
 * many steps a forecast reaches ahead.
 */
const ANALYTICS_ENV = {
  WATCHFLOOR_FORECAST_INTERVAL_MS: 'intervalMs',
  WATCHFLOOR_SERIES_STEP_MS: 'stepMs',
  WATCHFLOOR_SERIES_SETTLE_MS: 'settleMs',
} as const satisfies Record<string, keyof LiveAnalyticsOptions>;

/** Steps a forecast reaches ahead (the live analytics' `forecast.horizonSteps`). */
const HORIZON_ENV = 'WATCHFLOOR_FORECAST_HORIZON_STEPS';

/** The engine's view of the operator's environment: their home (~/.ssh) and their ssh-agent. */
export function engineOptionsFromEnv(io: CliIo, profilesDir: string): EngineWorkerData {
  const analytics = analyticsFromEnv(io.env);
  return {
    profilesDir,
    home: io.env.HOME || homedir(),
    agentSocket: io.env.SSH_AUTH_SOCK || undefined,
    localUser: io.env.USER || undefined,
    // Built beside this file (out/main); from the sources (tests) indexing and parsing stay in the engine's thread.
    indexWorkerPath: path.join(__dirname, 'index-worker.js'),
    parseWorkerPath: path.join(__dirname, 'parse-worker.js'),
    ...(analytics ? { analytics } : {}),
  };
}

function analyticsFromEnv(env: NodeJS.ProcessEnv): LiveAnalyticsOptions | null {
  const options: LiveAnalyticsOptions = {};
  for (const [name, key] of Object.entries(ANALYTICS_ENV)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const ms = Number(value);
    if (!Number.isInteger(ms) || ms < 100 || ms > 3_600_000) {
      throw new Error(`${name} must be a whole number of milliseconds from 100 to 3600000, got "${value}"`);
    }
    options[key] = ms;
  }
  const horizon = env[HORIZON_ENV];
  if (horizon !== undefined && horizon !== '') {
    const steps = Number(horizon);
    if (!Number.isInteger(steps) || steps < 1 || steps > 1000) {
      throw new Error(`${HORIZON_ENV} must be a whole number of steps from 1 to 1000, got "${horizon}"`);
    }
    options.forecast = { horizonSteps: steps };
  }
  return Object.keys(options).length > 0 ? options : null;
}
