import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canRunSshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

const bin = path.resolve(__dirname, '../../bin/watchfloor.js');

/** The benchmark fleets' directories in the temporary directory. */
function fleetDirs(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('wf-bench-'));
}

/** Processes whose command line names `dir` (the fleet's sshd processes do: their config is in it). */
function processesNaming(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir)) pids.push(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return pids;
}

describe.runIf(harness.ok)('the benchmark, interrupted', () => {
  it('stops its sshd hosts and removes their files on Ctrl-C', async () => {
    const before = new Set(fleetDirs());
    const bench = spawn(process.execPath, [bin, 'bench', '--hosts', '2', '--duration', '1'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      bench.once('exit', (code, signal) => resolve(signal ?? code)),
    );
    let stderr = '';
    bench.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await waitFor(() => stderr.includes('bench: connecting') || bench.exitCode !== null, {
        timeoutMs: 60_000,
        what: 'the benchmark to start its hosts',
      });
      const fleet = fleetDirs().find((name) => !before.has(name));
      expect(fleet, stderr).toBeDefined();
      const root = path.join(tmpdir(), fleet!);
      expect(processesNaming(root).length).toBeGreaterThanOrEqual(2);

      bench.kill('SIGINT');
      expect(await exited).toBe('SIGINT');
      expect(processesNaming(root)).toEqual([]);
      expect(fleetDirs()).not.toContain(fleet);
    } finally {
      bench.kill('SIGKILL');
    }
  }, 90_000);
});
