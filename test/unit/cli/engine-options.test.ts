import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command';
import { engineOptionsFromEnv } from '../../../src/cli/engine-options';

const io = (env: NodeJS.ProcessEnv) => ({ env }) as CliIo;

describe('engineOptionsFromEnv', () => {
  it('leaves the analytics at their defaults when no variable is set', () => {
    const options = engineOptionsFromEnv(io({ HOME: '/home/op', SSH_AUTH_SOCK: '/run/agent' }), '/p');
    expect(options).toEqual({
      profilesDir: '/p',
      home: '/home/op',
      agentSocket: '/run/agent',
      localUser: undefined,
      indexWorkerPath: expect.stringMatching(/index-worker\.js$/),
      parseWorkerPath: expect.stringMatching(/parse-worker\.js$/),
    });
  });

  it('reads the forecast interval, series step and settle time', () => {
    const options = engineOptionsFromEnv(
      io({
        HOME: '/h',
        WATCHFLOOR_FORECAST_INTERVAL_MS: '1000',
        WATCHFLOOR_SERIES_STEP_MS: '1000',
        WATCHFLOOR_SERIES_SETTLE_MS: '1500',
        WATCHFLOOR_FORECAST_HORIZON_STEPS: '12',
      }),
      '/p',
    );
    expect(options.analytics).toEqual({
      intervalMs: 1000,
      stepMs: 1000,
      settleMs: 1500,
      forecast: { horizonSteps: 12 },
    });
  });

  it('names the variable that is not a duration or a step count', () => {
    expect(() => engineOptionsFromEnv(io({ HOME: '/h', WATCHFLOOR_SERIES_STEP_MS: '1s' }), '/p')).toThrow(
      'WATCHFLOOR_SERIES_STEP_MS must be a whole number of milliseconds from 100 to 3600000, got "1s"',
    );
    expect(() =>
      engineOptionsFromEnv(io({ HOME: '/h', WATCHFLOOR_FORECAST_HORIZON_STEPS: '0' }), '/p'),
    ).toThrow('WATCHFLOOR_FORECAST_HORIZON_STEPS must be a whole number of steps from 1 to 1000, got "0"');
  });
});
