import { readdirSync, readFileSync } from 'node:fs';

/** CPU time spent since boot, as Linux's /proc counts it (clock ticks turned into ms). */
export interface CpuReading {
  /** Every core's non-idle time. */
  machineMs: number;
  /** This process, all threads. */
  processMs: number;
  /** This process's main thread (the engine's event loop). */
  mainThreadMs: number;
  /** Every thread of this process by id. */
  threadsMs: Map<number, number>;
  /**
   * Time the main thread was ready to run but waited for a core (its run-queue delay, in ms), where the
   * kernel keeps scheduler statistics; else null.
   */
  mainThreadWaitMs: number | null;
}

/** Where the machine's CPU went between two readings, in ms of one core. */
export interface CpuBudget {
  engineThreadMs: number;
  /** Busiest other thread of this process: the parse worker during a burst (the index worker without one). */
  workerThreadMs: number;
  /** The rest of this process: the other worker (the index worker during a burst), garbage collector helpers, libuv's pool. */
  otherThreadsMs: number;
  /** Everything outside this process: the hosts' sshd and followers, the kernel's network stack. */
  outsideMs: number;
  /** Cores in use on average over the interval. */
  coresBusy: number;
  /** Share of the interval the engine thread was ready to run but waited for a core; null where unknown. */
  engineWaitShare: number | null;
}

/** A budget per line received: µs of one core. */
export interface CpuPerLine {
  engineThreadUs: number;
  workerThreadUs: number;
  otherThreadsUs: number;
  outsideUs: number;
  coresBusy: number;
  engineWaitShare: number | null;
}

/** Linux's USER_HZ: /proc counts CPU time in 1/100 s on every architecture Node runs on. */
const TICK_MS = 10;

/** A reading of the CPU counters, or null where /proc is not Linux's (the figures are then not given). */
export function readCpu(): CpuReading | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait are the idle ones.
    const busyTicks = fields.slice(0, 8).reduce((sum, v, i) => (i === 3 || i === 4 ? sum : sum + v), 0);
    const threadsMs = new Map<number, number>();
    for (const tid of readdirSync('/proc/self/task')) threadsMs.set(Number(tid), threadTicks(tid) * TICK_MS);
    const process = threadTicks(null) * TICK_MS;
    return {
      machineMs: busyTicks * TICK_MS,
      processMs: process,
      mainThreadMs: threadsMs.get(globalThis.process.pid) ?? 0,
      threadsMs,
      mainThreadWaitMs: runQueueWaitMs(globalThis.process.pid),
    };
  } catch {
    return null;
  }
}

export function cpuBudget(before: CpuReading, after: CpuReading, elapsedMs: number): CpuBudget {
  let workerThreadMs = 0;
  for (const [tid, ms] of after.threadsMs) {
    if (tid === globalThis.process.pid) continue;
    workerThreadMs = Math.max(workerThreadMs, ms - (before.threadsMs.get(tid) ?? 0));
  }
  const engineThreadMs = after.mainThreadMs - before.mainThreadMs;
  const processMs = after.processMs - before.processMs;
  const machineMs = after.machineMs - before.machineMs;
  return {
    engineThreadMs,
    workerThreadMs,
    otherThreadsMs: Math.max(0, processMs - engineThreadMs - workerThreadMs),
    outsideMs: Math.max(0, machineMs - processMs),
    coresBusy: machineMs / Math.max(1, elapsedMs),
    engineWaitShare:
      before.mainThreadWaitMs === null || after.mainThreadWaitMs === null
        ? null
        : (after.mainThreadWaitMs - before.mainThreadWaitMs) / Math.max(1, elapsedMs),
  };
}

/** A thread's run-queue delay from /proc/…/schedstat ("on-CPU ns, waiting ns, slices"); null without it. */
function runQueueWaitMs(tid: number): number | null {
  try {
    const waitNs = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[1]);
    return Number.isFinite(waitNs) ? waitNs / 1e6 : null;
  } catch {
    return null;
  }
}

/** utime + stime of a thread of this process (or of the whole process when `tid` is null), in ticks. */
function threadTicks(tid: string | null): number {
  const stat = readFileSync(tid === null ? '/proc/self/stat' : `/proc/self/task/${tid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses: the fields start after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

export function cpuPerLine(budget: CpuBudget, lines: number): CpuPerLine {
  const us = (ms: number) => (ms * 1000) / lines;
  return {
    engineThreadUs: us(budget.engineThreadMs),
    workerThreadUs: us(budget.workerThreadMs),
    otherThreadsUs: us(budget.otherThreadsMs),
    outsideUs: us(budget.outsideMs),
    coresBusy: budget.coresBusy,
    engineWaitShare: budget.engineWaitShare,
  };
}
