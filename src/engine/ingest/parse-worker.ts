import { parentPort } from 'node:worker_threads';
import { answerTransfer, ParseService, type ParseRequest } from './remote-parsing';

// Entry point of the parse worker thread: turns sources' lines into rows in columns, off the ingest thread.
const port = parentPort;
if (!port) throw new Error('parse-worker must run in a worker thread');

const service = new ParseService();
port.on('message', (request: ParseRequest) => {
  const answer = service.handle(request);
  if (answer) port.postMessage(answer, answerTransfer(answer));
});
