import v8 from 'node:v8';
import vm from 'node:vm';

/** The heap in use after a full garbage collection: what is held, not what awaits collection. */
export function heapUsedAfterGc(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}
