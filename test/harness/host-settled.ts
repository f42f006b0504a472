import type { Engine } from '../../src/engine/engine';
import type { HostStatus } from '../../src/shared/types';
import { waitFor } from './wait-for';

const SETTLED: HostStatus['state'][] = ['live', 'failed', 'reconnecting'];

/** The status of the engine's first host once it is live, failed or waiting to reconnect. */
export function hostSettled(engine: Engine): Promise<HostStatus> {
  return waitFor(
    async () => {
      const status = (await engine.getSession())?.hosts[0];
      return status && SETTLED.includes(status.state) ? status : null;
    },
    { what: 'the host to settle' },
  );
}
