import { parentPort } from 'node:worker_threads';
import { BatchAssigner, type IndexBatch } from './remote-indexing';

// Entry point of the index worker thread: assigns templates to batches of rows, off the ingest thread.
const port = parentPort;
if (!port) throw new Error('index-worker must run in a worker thread');

const assigner = new BatchAssigner();
port.on('message', (batch: IndexBatch) => {
  const result = assigner.assign(batch);
  port.postMessage(result, [
    result.templateOf.buffer as ArrayBuffer,
    result.newPostings.starts.buffer as ArrayBuffer,
    result.newPostings.ids.buffer as ArrayBuffer,
  ]);
});
