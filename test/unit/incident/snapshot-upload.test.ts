import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine';
import { inProcessPort } from '../../../src/engine/engine-port';
import { startHost, type RunningHost } from '../../../src/host/host-server';
import { tempDir } from '../snapshots/snapshot-files';

let temp: ReturnType<typeof tempDir>;
let engine: Engine;
let host: RunningHost;
let uploadDir: string;
let origin: string;

beforeAll(async () => {
  temp = tempDir();
  const rendererDir = path.join(temp.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Watchfloor</title>');
  uploadDir = path.join(temp.dir, 'uploads');
  engine = new Engine({ profilesDir: path.join(temp.dir, 'profiles'), home: temp.dir });
  host = await startHost({ engine: inProcessPort(engine), rendererDir, uploadDir, maxUploadBytes: 1000 });
  origin = `http://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host.close();
  engine.dispose();
  temp.remove();
});

const upload = (body: Uint8Array, headers: Record<string, string>) =>
  fetch(`${origin}/snapshots`, { method: 'POST', body, headers });

describe('snapshot upload to the headless host', () => {
  it('saves the body to a new file in the upload folder and answers its path', async () => {
    const body = Buffer.from('PK\u0003\u0004 not really a zip');
    const res = await upload(body, { 'x-watchfloor-token': host.token, origin });
    expect(res.status).toBe(200);
    const { file } = (await res.json()) as { file: string };
    expect(path.dirname(file)).toBe(uploadDir);
    expect(readFileSync(file)).toEqual(body);
  });

  it('refuses a missing or wrong token, and another origin', async () => {
    const body = Buffer.from('x');
    expect((await upload(body, {})).status).toBe(401);
    expect((await upload(body, { 'x-watchfloor-token': 'f'.repeat(64) })).status).toBe(401);
    const foreign = await upload(body, { 'x-watchfloor-token': host.token, origin: 'http://evil.test' });
    expect(foreign.status).toBe(401);
  });

  it('refuses a body over the limit and keeps nothing of it', async () => {
    const before = readdirSync(uploadDir).length;
    const res = await upload(Buffer.alloc(5000), { 'x-watchfloor-token': host.token });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toMatch(/larger than/);
    expect(readdirSync(uploadDir)).toHaveLength(before);
  });

  it('removes the uploads when the host closes', async () => {
    const other = await startHost({
      engine: inProcessPort(engine),
      rendererDir: path.join(temp.dir, 'renderer'),
      uploadDir: path.join(temp.dir, 'uploads-2'),
    });
    const res = await fetch(`http://127.0.0.1:${other.port}/snapshots`, {
      method: 'POST',
      body: Buffer.from('x'),
      headers: { 'x-watchfloor-token': other.token },
    });
    expect(res.status).toBe(200);
    await other.close();
    expect(existsSync(path.join(temp.dir, 'uploads-2'))).toBe(false);
  });
});
