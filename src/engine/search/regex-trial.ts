import { Worker } from 'node:worker_threads';
import type { Disposable } from '../disposable';

/**
 * A thread that runs a regular expression over sample lines and says when it is done. A regex that
 * backtracks without end cannot be stopped inside the thread running it, but a thread can be terminated.
 */
const TRIAL_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, source, flags, samples }) => {
  const regex = new RegExp(source, flags);
  for (const sample of samples) regex.test(sample);
  parentPort.postMessage(id);
});
`;

/** A sample line is tried up to this many characters: enough for any catastrophic backtracking to show. */
const SAMPLE_CHARS = 2048;
/** Repetitions in a made-up sample: exponential backtracking over these takes hours, linear matching microseconds. */
const PUMP_LENGTH = 40;
/** Characters repeated into made-up samples, besides those the regex names. */
const PUMPED = ['a', 'A', '0', ' ', '.', '-', '_', '/', ':', '=', ',', '"'];
/** Verdicts remembered, so a search typed again (or refreshed while following) is not tried again. */
const REMEMBERED = 256;

/**
 * Tries an operator's regular expression before the engine runs it over the window: over recent lines and
 * over made-up lines that make nested repetition such as `(a+)+$` backtrack without end (a character
 * repeated, then one that fails the match). A regex that has not finished within the budget is refused
 * instead of freezing the engine's thread. A heuristic: it finds the usual catastrophic patterns, not all.
 */
export class RegexTrial implements Disposable {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly passed = new Set<string>();

  constructor(private readonly budgetMs = 1000) {}

  /**
   * Starts the thread ahead of the first regex search: starting it then was most of that search's time
   * (~100 of ~200 ms measured at 1M lines).
   */
  prepare(): void {
    this.worker ??= this.start();
  }

  /** Resolves true when the regex ran over the samples within the budget. */
  async finishes(regex: RegExp, recentLines: () => string[]): Promise<boolean> {
    const key = `${regex.flags}/${regex.source}`;
    if (this.passed.has(key)) return true;
    const samples = [...recentLines().map((line) => line.slice(0, SAMPLE_CHARS)), ...pumpedSamples(regex)];
    const finished = await this.run(regex, samples);
    if (finished) {
      if (this.passed.size >= REMEMBERED) this.passed.clear();
      this.passed.add(key);
    }
    return finished;
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = null;
  }

  private run(regex: RegExp, samples: string[]): Promise<boolean> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        worker.off('message', onMessage);
        if (this.worker === worker) this.worker = null;
        void worker.terminate();
        resolve(false);
      }, this.budgetMs);
      const onMessage = (doneId: number) => {
        if (doneId !== id) return;
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve(true);
      };
      worker.on('message', onMessage);
      worker.postMessage({ id, source: regex.source, flags: regex.flags.replace(/[gy]/g, ''), samples });
    });
  }

  private start(): Worker {
    const worker = new Worker(TRIAL_SOURCE, { eval: true });
    // It must never keep the process alive, and a crash is only a failed trial.
    worker.unref();
    worker.on('error', () => {
      if (this.worker === worker) this.worker = null;
    });
    return worker;
  }
}

/** For every character worth repeating: it repeated, then followed by one that matches nothing usual. */
function pumpedSamples(regex: RegExp): string[] {
  const named = regex.source.replace(/\\[a-zA-Z]/g, '').match(/[\w .,:;=/@#-]/g) ?? [];
  const chars = [...new Set([...PUMPED, ...named])].slice(0, 40);
  return chars.flatMap((c) => [c.repeat(PUMP_LENGTH) + '\u0001', `${c} `.repeat(PUMP_LENGTH / 2) + '\u0001']);
}
