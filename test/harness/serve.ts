import { spawn } from 'node:child_process';
import path from 'node:path';
import { TestProcess } from './processes';

export interface RunningServe {
  url: string;
  process: TestProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `watchfloor serve` (the built CLI) and resolves with the URL it prints, token included. */
export async function startServe(args: string[], env: NodeJS.ProcessEnv): Promise<RunningServe> {
  const bin = path.resolve(__dirname, '../../bin/watchfloor.js');
  const child = spawn(process.execPath, [bin, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = new TestProcess(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`watchfloor serve printed no URL:\n${output}`)), 30_000);
    const onData = (data: Buffer) => {
      output += data;
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`watchfloor serve exited ${code}:\n${output}`));
    });
  });
  return { url, process: proc, output: () => output, stop: () => proc.stop() };
}
