import { parentPort, workerData } from 'node:worker_threads';
import { eventNames } from '../../shared/api';
import { Engine } from '../engine';
import { dispatchRequest } from './dispatch';
import type { EngineWorkerData, FromEngine, ToEngine } from './protocol';

// Entry point of the engine's worker thread: the same Engine, driven by messages.
const port = parentPort;
if (!port) throw new Error('engine-worker must run in a worker thread');

const engine = new Engine(workerData as EngineWorkerData);
const send = (message: FromEngine) => port.postMessage(message);

for (const name of eventNames) {
  engine.events.on(name, (payload) => send({ kind: 'event', name, payload }));
}

port.on('message', (message: ToEngine) => {
  if (message?.kind === 'shutdown') {
    engine.dispose();
    port.close();
    return;
  }
  if (message?.kind !== 'request') return;
  void dispatchRequest(engine, message.name, message.params).then((outcome) =>
    send({ kind: 'response', id: message.id, outcome }),
  );
});

port.on('close', () => engine.dispose());
