import { parentPort } from 'node:worker_threads';
import { answerTransfer, ParseService, type ParseAnswer, type ParseRequest } from './remote-parsing';

// Entry point of the parse worker thread: turns sources' lines into rows in columns, off the ingest thread.
const port = parentPort;
if (!port) throw new Error('parse-worker must run in a worker thread');

const service = new ParseService();
// Requests come in batches (see ParseWorkerClient's post); each batch's answers go back as one message.
port.on('message', (requests: ParseRequest[]) => {
  const answers: ParseAnswer[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const request of requests) {
    const answer = service.handle(request);
    if (answer === null) continue;
    answers.push(answer);
    transfer.push(...answerTransfer(answer));
  }
  if (answers.length > 0) port.postMessage(answers, transfer);
});
