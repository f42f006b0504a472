import type { RequestOutcome } from '../shared/api';
import type { Engine, EngineEvents } from './engine';
import type { TypedEmitter } from './typed-emitter';
import { dispatchRequest } from './worker/dispatch';

/** What a transport needs of the engine, whether it runs in a worker thread or in this process. */
export interface EnginePort {
  request(name: string, params: unknown): Promise<RequestOutcome<unknown>>;
  readonly events: TypedEmitter<EngineEvents>;
}

export function inProcessPort(engine: Engine): EnginePort {
  return { request: (name, params) => dispatchRequest(engine, name, params), events: engine.events };
}
