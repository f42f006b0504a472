import { afterAll, beforeAll } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { startSshFleet, type FleetOptions, type SshFleet } from './ssh-fleet';

/**
 * Starts a fleet before a describe block's tests and stops it after them, disposing the engine the tests
 * left (`engine` is read then). `started` receives the fleet for the block's own variable.
 */
export function fleetForBlock(
  options: FleetOptions,
  started: (fleet: SshFleet) => void,
  engine: () => Engine | null | undefined,
): void {
  let fleet: SshFleet | undefined;
  beforeAll(async () => {
    fleet = await startSshFleet(options);
    started(fleet);
  });
  afterAll(async () => {
    engine()?.dispose();
    await fleet?.stop();
  });
}
