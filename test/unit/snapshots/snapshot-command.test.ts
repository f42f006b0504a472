import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command';
import { snapshotCommand } from '../../../src/cli/commands/snapshot';
import { writeSnapshot } from '../../../src/engine/snapshots/snapshot-writer';
import { syntheticSource } from '../../../src/engine/snapshots/synthetic-source';
import { readZipDirectory } from '../../../src/engine/snapshots/zip/zip-directory';
import { tempDir } from './snapshot-files';

const tmp = tempDir();
const file = path.join(tmp.dir, 'incident.wfsnap');
afterAll(() => tmp.remove());

beforeAll(async () => {
  const source = syntheticSource({ events: 3000, hosts: 2, from: Date.UTC(2024, 4, 1), durationMs: 600_000 });
  await writeSnapshot(
    file,
    {
      ...source,
      marks: [
        { kind: 'incident-start', ts: Date.UTC(2024, 4, 1, 0, 2) },
        { kind: 'detected', ts: Date.UTC(2024, 4, 1, 0, 6, 5) },
      ],
    },
    { appVersion: '9.9.9' },
  );
});

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c) => out.push(String(c)));
  stderr.on('data', (c) => err.push(String(c)));
  const io: CliIo = { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: tmp.dir };
  const code = await snapshotCommand.run(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('watchfloor snapshot', () => {
  it('verify: exits 0 and says so for an intact snapshot', async () => {
    const result = await run(['verify', 'incident.wfsnap']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/incident\.wfsnap: ok — 11 entries, 3,000 events/);
  });

  it('verify: exits 1 naming the altered entry', async () => {
    const entry = (await readZipDirectory(file)).find((e) => e.name === 'heatmap.json')!;
    const bytes = readFileSync(file);
    bytes[entry.dataOffset + 3] ^= 0xff;
    writeFileSync(path.join(tmp.dir, 'altered.wfsnap'), bytes);
    const result = await run(['verify', 'altered.wfsnap']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /altered\.wfsnap has been altered or damaged since it was exported:\n {2}heatmap\.json: /,
    );
  });

  it('inspect: prints the summary', async () => {
    const result = await run(['inspect', 'incident.wfsnap']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('profile      synthetic / production (checkout)');
    expect(result.stdout).toContain('events       3,000 (2,999 lines; markers: 1 gap)');
    expect(result.stdout).toContain('MTTD 4 min 05 s');
    expect(result.stdout).toContain('Watchfloor 9.9.9');
  });

  it('inspect --json: prints the manifest', async () => {
    const result = await run(['inspect', 'incident.wfsnap', '--json']);
    expect(JSON.parse(result.stdout).counts.events).toBe(3000);
  });

  it('prints usage for an unknown subcommand', async () => {
    const result = await run(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('watchfloor snapshot verify FILE');
  });
});
