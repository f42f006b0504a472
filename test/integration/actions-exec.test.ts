import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../src/engine/actions/action-plugin';
import { execPlugin } from '../../src/engine/actions/plugins/exec-plugin';

describe('exec action: a local argument vector, never a shell', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wf-exec-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes shell metacharacters through as plain arguments, fills templates and reads the count back', async () => {
    const out = path.join(dir, 'args.json');
    const count = path.join(dir, 'count');
    writeFileSync(count, '2\n');
    const writer = `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(1))); require('fs').writeFileSync(${JSON.stringify(count)}, process.argv[1])`;
    const parsed = execPlugin.params.safeParse({
      argv: [process.execPath, '-e', writer, '{to}', '$(touch pwned)', '; rm -rf {app}', '--key={key}'],
      readArgv: [
        process.execPath,
        '-e',
        `process.stdout.write(require('fs').readFileSync(${JSON.stringify(count)}, 'utf8'))`,
      ],
      cwd: dir,
    });
    if (!parsed.success) throw new Error('parameters should parse');
    const ctx: ActionContext = {
      app: 'checkout',
      remoteExec: () => Promise.reject(new Error('no ssh')),
      secret: async () => null,
      env: process.env,
      user: 'oncall',
      now: Date.now,
    };
    expect(await execPlugin.read(parsed.data, ctx)).toMatchObject({ replicas: 2 });
    const plan = await execPlugin.plan(parsed.data, { from: 2, to: 4 }, ctx);
    expect(plan.preview[0]).toContain(`4 '$(touch pwned)' '; rm -rf checkout' '--key={key}'`);
    expect(await execPlugin.execute(parsed.data, plan, 'key-exec-1', ctx)).toMatchObject({ ok: true });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual([
      '4',
      '$(touch pwned)',
      '; rm -rf checkout',
      '--key=key-exec-1',
    ]);
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
    expect(await execPlugin.verify(parsed.data, plan, { from: 2, to: 4 }, ctx)).toMatchObject({ ok: true });
  });

  it('reports the exit status and the last line the program said', async () => {
    const parsed = execPlugin.params.safeParse({
      argv: [process.execPath, '-e', 'console.error("pool is locked"); process.exit(3)'],
    });
    if (!parsed.success) throw new Error('parameters should parse');
    const ctx: ActionContext = {
      app: 'checkout',
      remoteExec: () => Promise.reject(new Error('no ssh')),
      secret: async () => null,
      env: process.env,
      user: 'oncall',
      now: Date.now,
    };
    const plan = await execPlugin.plan(parsed.data, { from: null, to: 1 }, ctx);
    const outcome = await execPlugin.execute(parsed.data, plan, 'key-exec-2', ctx);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/exited 3: pool is locked$/);
    expect(await execPlugin.verify(parsed.data, plan, { from: null, to: 1 }, ctx)).toEqual({
      ok: null,
      detail: 'not verified: the profile gives no readArgv',
    });
  });
});
