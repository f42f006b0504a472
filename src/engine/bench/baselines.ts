import { spawn } from 'node:child_process';
import MiniSearch from 'minisearch';

/** Lines per second of OpenSSH's own client copying files with `ssh HOST cat FILE`, `parallel` at a time. */
export async function opensshCatLinesPerSec(
  jobs: { host: string; file: string; lines: number }[],
  sshConfig: string,
  knownHosts: string,
  parallel: number,
): Promise<number> {
  const started = performance.now();
  let next = 0;
  let lines = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      // The file four times over one connection, so the transfer rather than the handshake is measured.
      const bytes = await sshCat(job.host, [job.file, job.file, job.file, job.file], sshConfig, knownHosts);
      if (bytes === 0) throw new Error(`ssh ${job.host} cat ${job.file} returned nothing`);
      lines += 4 * job.lines;
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, worker));
  return lines / ((performance.now() - started) / 1000);
}

function sshCat(host: string, files: string[], sshConfig: string, knownHosts: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'ssh',
      [
        '-F',
        sshConfig,
        '-o',
        'BatchMode=yes',
        '-o',
        `UserKnownHostsFile=${knownHosts}`,
        host,
        'cat',
        ...files,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let bytes = 0;
    let err = '';
    child.stdout.on('data', (d: Buffer) => (bytes += d.length));
    child.stderr.on('data', (d) => (err += d));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve(bytes)
        : reject(new Error(`ssh ${host} cat ${files[0]} exited ${code}: ${err.trim()}`)),
    );
  });
}

/** Lines per second of lnav (headless) loading and counting a file. */
export async function lnavLinesPerSec(
  file: string,
  lines: number,
  home: string,
): Promise<{ linesPerSec: number; counted: number }> {
  const started = performance.now();
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('lnav', ['-n', '-c', ';SELECT count(*) FROM all_logs', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOME: home },
    });
    let text = '';
    let err = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (err += d));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`lnav exited ${code}: ${err.trim()}`)),
    );
  });
  const seconds = (performance.now() - started) / 1000;
  const counted = Number(/\d+/.exec(out.split('\n').slice(1).join(' '))?.[0] ?? NaN);
  return { linesPerSec: lines / seconds, counted };
}

/** Lines per second of MiniSearch with its default options, one document per line (message, host, level). */
export function minisearchDefaultLinesPerSec(lines: string[], host: string): number {
  const index = new MiniSearch<{ id: number; message: string; host: string; level: string }>({
    fields: ['message', 'host', 'level'],
  });
  const started = performance.now();
  for (let i = 0; i < lines.length; i++) {
    const level = /^\S+ (\S+)/.exec(lines[i])?.[1] ?? '';
    index.add({ id: i, message: lines[i], host, level });
  }
  return lines.length / ((performance.now() - started) / 1000);
}
