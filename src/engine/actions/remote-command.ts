import type { RemoteExec } from './action-plugin';
import type { ProcessResult } from './local-process';

const MAX_OUTPUT = 1024 * 1024;

/**
 * Runs one command line on a host over SSH and collects its output and exit status. The command must
 * already be built from quoted arguments; `input` is written to its stdin, which is then closed.
 */
export async function runRemote(
  exec: RemoteExec,
  host: string,
  command: string,
  options: { timeoutMs: number; input?: string },
): Promise<ProcessResult> {
  const channel = await exec(host, command);
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let code: number | null = null;
    let signal: NodeJS.Signals | null = null;
    let timedOut = false;
    channel.on('data', (d: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += d.toString('utf8');
    });
    channel.stderr.on('data', (d: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += d.toString('utf8');
    });
    channel.on('exit', (exitCode: number | null, exitSignal?: string) => {
      code = exitCode;
      if (exitSignal) signal = `SIG${exitSignal}` as NodeJS.Signals;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      channel.close();
    }, options.timeoutMs);
    channel.once('close', () => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    channel.end(options.input ?? '');
  });
}
