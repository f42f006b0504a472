import { parentPort } from 'node:worker_threads';
import { readRowFields } from '../analytics/request-rows';
import { lowerThreadPriority } from '../worker/thread-priority';
import {
  BatchAssigner,
  rowBatchMemory,
  type IndexWorkerAnswer,
  type IndexWorkerRequest,
} from './remote-indexing';

// Entry point of the index worker thread: assigns templates to batches of rows and reads placed rows'
// request fields, off the ingest thread.
const port = parentPort;
if (!port) throw new Error('index-worker must run in a worker thread');

// Indexing can lag (the lag is shown and searches scan what is not indexed yet); ingest cannot.
lowerThreadPriority();

const assigner = new BatchAssigner();
port.on('message', (request: IndexWorkerRequest) => {
  if ('requestFields' in request) {
    const batch = request.requestFields;
    readRowFields(batch);
    port.postMessage({ requestFields: batch } satisfies IndexWorkerAnswer, rowBatchMemory(batch));
    return;
  }
  const result = assigner.assign(request.index);
  port.postMessage(result, [
    result.templateOf.buffer as ArrayBuffer,
    result.newPostings.starts.buffer as ArrayBuffer,
    result.newPostings.ids.buffer as ArrayBuffer,
  ]);
});
