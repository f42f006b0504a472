import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { waitFor } from './wait-for';

/** Every descendant of a process (children that started sessions of their own included). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A process started by a test, stopped with all its descendants. */
export class TestProcess {
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(command: string, args: string[], options: SpawnOptions = {}): TestProcess {
    return new TestProcess(spawn(command, args, { stdio: 'ignore', ...options }));
  }

  get pid(): number {
    return this.child.pid!;
  }

  signal(signal: NodeJS.Signals): void {
    for (const pid of [this.pid, ...descendants(this.pid)]) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const family = [...descendants(this.pid), this.pid];
    for (const pid of family) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await this.exited;
    await waitFor(() => family.every((pid) => !isAlive(pid)), {
      what: `processes ${family.join(', ')} to exit`,
      timeoutMs: 5000,
    });
  }
}

export async function run(
  command: string,
  args: string[],
  options: SpawnOptions & { input?: string } = {},
): Promise<string> {
  const child = spawn(command, args, {
    ...options,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  if (options.input !== undefined) {
    child.stdin!.on('error', () => undefined); // a command may exit without reading its input
    child.stdin!.end(options.input);
  }
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${err.trim()}`);
  return out;
}
