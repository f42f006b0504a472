import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestRows } from '../../../src/engine/analytics/request-rows';
import { IndexWorkerClient } from '../../../src/engine/search/remote-indexing';
import { currentThreadId } from '../../../src/engine/worker/thread-priority';

const BUILT_WORKER = path.resolve(__dirname, '../../../out/main/index-worker.js');
const LINUX_THREADS = existsSync('/proc/thread-self');

/** Each thread of this process by id, with its nice value (field 19 of /proc's stat). */
function niceByThread(): Map<number, number> {
  const nice = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      nice.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return nice;
}

describe('thread priority', () => {
  let client: IndexWorkerClient | undefined;
  afterEach(() => client?.dispose());

  it.skipIf(!LINUX_THREADS)('knows the calling thread by its kernel id', () => {
    const tid = currentThreadId();
    expect(tid).not.toBeNull();
    expect(niceByThread().has(tid!)).toBe(true);
  });

  it.skipIf(!LINUX_THREADS || !existsSync(BUILT_WORKER))(
    'runs the index worker at the lowest priority, nice 19, while the thread that started it keeps its own',
    async () => {
      const own = niceByThread().get(currentThreadId()!)!;
      const before = new Set(niceByThread().keys());
      client = new IndexWorkerClient(BUILT_WORKER);
      // One round trip: the worker has run its start-up by the time it answers.
      await client.readRowFields(new RequestRows());
      const started = [...niceByThread()].filter(([tid]) => !before.has(tid));
      expect(started.filter(([, nice]) => nice === 19)).toHaveLength(1);
      expect(niceByThread().get(currentThreadId()!)).toBe(own);
    },
  );
});
