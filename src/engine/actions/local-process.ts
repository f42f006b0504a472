import { spawn } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const MAX_OUTPUT = 1024 * 1024;

/**
 * Runs a program with an argument vector, never through a shell: no argument is ever interpreted.
 * Killed after `timeoutMs`; output beyond 1 MiB per stream is dropped.
 */
export function runArgv(
  argv: readonly string[],
  options: { env: NodeJS.ProcessEnv; timeoutMs: number; cwd?: string; input?: string },
): Promise<ProcessResult> {
  if (argv.length === 0 || argv[0] === '')
    return Promise.reject(new Error('an action needs a program to run'));
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      shell: false,
      env: options.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.on('data', (d: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += d.toString('utf8');
    });
    child.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += d.toString('utf8');
    });
    if (options.input !== undefined) {
      child.stdin!.on('error', () => undefined); // the program may exit without reading its input
      child.stdin!.end(options.input);
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${argv[0]}: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** "exited 1: <last stderr line>" or "timed out after 30 s", for messages. */
export function describeFailure(result: ProcessResult, timeoutMs: number): string {
  if (result.timedOut) return `timed out after ${Math.round(timeoutMs / 1000)} s`;
  const how = result.code === null ? `was killed by ${result.signal}` : `exited ${result.code}`;
  const said = lastLine(result.stderr) || lastLine(result.stdout);
  return said ? `${how}: ${said}` : how;
}

export function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').trim().slice(0, 300);
}
