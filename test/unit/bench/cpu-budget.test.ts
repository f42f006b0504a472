import { describe, expect, it } from 'vitest';
import { cpuBudget, cpuPerLine, readCpu, type CpuReading } from '../../../src/engine/bench/cpu-budget';

const reading = (
  machineMs: number,
  processMs: number,
  threads: [number, number][],
  mainThreadWaitMs: number | null = null,
): CpuReading => ({
  machineMs,
  processMs,
  mainThreadMs: threads.find(([tid]) => tid === process.pid)?.[1] ?? 0,
  threadsMs: new Map(threads),
  mainThreadWaitMs,
});

describe('CPU budget of a burst', () => {
  it('splits the machine time into the engine thread, the busiest other thread, the rest and the outside', () => {
    const before = reading(
      10_000,
      2_000,
      [
        [process.pid, 1_500],
        [11, 300],
        [12, 200],
      ],
      700,
    );
    const after = reading(
      13_000,
      4_000,
      [
        [process.pid, 2_700],
        [11, 900],
        [12, 400],
        [13, 50],
      ],
      1_200,
    );
    const budget = cpuBudget(before, after, 2_000);
    expect(budget).toEqual({
      engineThreadMs: 1_200,
      workerThreadMs: 600,
      otherThreadsMs: 200,
      outsideMs: 1_000,
      coresBusy: 1.5,
      engineWaitShare: 0.25,
    });
    expect(cpuPerLine(budget, 1_000_000)).toEqual({
      engineThreadUs: 1.2,
      workerThreadUs: 0.6,
      otherThreadsUs: 0.2,
      outsideUs: 1,
      coresBusy: 1.5,
      engineWaitShare: 0.25,
    });
  });

  it('leaves the wait for a core unknown when either reading lacks it', () => {
    const threads: [number, number][] = [[process.pid, 100]];
    expect(
      cpuBudget(reading(0, 0, threads, 5), reading(10, 10, threads, null), 10).engineWaitShare,
    ).toBeNull();
  });

  it('reads this process from /proc on Linux', () => {
    const before = readCpu();
    if (before === null) {
      console.log('skipped: no Linux /proc here');
      return;
    }
    // Spin until this thread has been charged 100 ms, whatever else competes for the cores, within a deadline.
    const deadline = performance.now() + 10_000;
    let after = readCpu()!;
    while (after.mainThreadMs - before.mainThreadMs < 100 && performance.now() < deadline) {
      const started = performance.now();
      while (performance.now() - started < 20);
      after = readCpu()!;
    }
    const threadMs = after.mainThreadMs - before.mainThreadMs;
    expect(after.threadsMs.has(process.pid)).toBe(true);
    expect(threadMs).toBeGreaterThanOrEqual(100);
    // The machine's counters are sampled per tick on each core, a thread's are exact and rounded to ticks:
    // they may disagree by a tick or two per core, never by more.
    expect(after.machineMs - before.machineMs).toBeGreaterThanOrEqual(threadMs - 40);
    // Where the kernel keeps scheduler statistics, the wait for a core is a count that never goes back.
    if (before.mainThreadWaitMs !== null)
      expect(after.mainThreadWaitMs).toBeGreaterThanOrEqual(before.mainThreadWaitMs);
  });
});
