import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../../src/engine/actions/action-plugin';
import { parsePluginParams } from '../../../src/engine/actions/action-plugin';
import { loadPluginFolder } from '../../../src/engine/actions/plugin-loader';
import { PluginRegistry } from '../../../src/engine/actions/plugin-registry';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function pluginsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-plugins-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

// A third-party plugin as its author would write it: a factory that receives zod and shellQuote.
const NOMAD = `
export default function createPlugin({ z, shellQuote }) {
  let count = 2;
  return {
    name: 'nomad',
    description: 'Scales a Nomad job group',
    params: z.strictObject({ job: z.string(), group: z.string() }),
    async read(params) { return { replicas: count, detail: params.job + ' runs ' + count }; },
    async plan(params, request) {
      const line = ['nomad', 'job', 'scale', params.job, params.group, String(request.to)].map(shellQuote).join(' ');
      return { summary: 'Scale ' + params.job, preview: ['$ ' + line], data: { to: request.to } };
    },
    async execute(params, plan) { count = plan.data.to; return { ok: true, message: 'scaled' }; },
    async verify(params, plan, request) { return { ok: count === request.to, detail: count + ' running' }; },
  };
}
`;

const ctx: ActionContext = {
  app: 'checkout',
  remoteExec: () => Promise.reject(new Error('no ssh')),
  secret: async () => null,
  env: {},
  user: 'oncall',
  now: () => 0,
};

describe('plugins folder', () => {
  it('loads a third-party plugin through the same interface as the built-ins', async () => {
    const registry = new PluginRegistry();
    const report = await loadPluginFolder(
      pluginsDir({ 'nomad.mjs': NOMAD, 'README.txt': 'not a plugin' }),
      registry,
    );
    expect(report).toEqual({ loaded: ['nomad'], problems: [] });
    expect(registry.names()).toEqual(['ssh', 'haproxy', 'kubectl', 'webhook', 'exec', 'nomad']);
    const nomad = registry.get('nomad');
    const params = parsePluginParams(nomad, { job: 'shop', group: 'web' });
    const plan = await nomad.plan(params, { from: 2, to: 5 }, ctx);
    expect(plan.preview).toEqual([`$ 'nomad' 'job' 'scale' 'shop' 'web' '5'`]);
    expect(await nomad.execute(params, plan, 'k', ctx)).toEqual({ ok: true, message: 'scaled' });
    expect(await nomad.verify(params, plan, { from: 2, to: 5 }, ctx)).toEqual({
      ok: true,
      detail: '5 running',
    });
    expect(() => parsePluginParams(nomad, { job: 'shop' })).toThrow(
      "the nomad action's parameters are not valid (check the profile's scaling.action): group:",
    );
  });

  it('reports a broken or incomplete plugin by file and keeps loading the others', async () => {
    const dir = pluginsDir({
      'a-broken.mjs': 'export default {',
      'b-incomplete.mjs': 'export default { name: "half", description: "x" };',
      'c-clash.mjs':
        'export default { name: "ssh", description: "x", params: { safeParse: () => ({}) }, read() {}, plan() {}, execute() {}, verify() {} };',
      'd-nomad.mjs': NOMAD,
    });
    const report = await loadPluginFolder(dir, new PluginRegistry());
    expect(report.loaded).toEqual(['nomad']);
    expect(report.problems).toHaveLength(3);
    expect(report.problems[0]).toMatch(new RegExp(`^${dir}/a-broken\\.mjs: `));
    expect(report.problems[1]).toBe(
      `${dir}/b-incomplete.mjs: the plugin lacks params (a schema with safeParse), read(), plan(), execute(), verify()`,
    );
    expect(report.problems[2]).toBe(`${dir}/c-clash.mjs: an action plugin named "ssh" is already registered`);
  });

  it('treats a missing plugins folder as empty', async () => {
    expect(await loadPluginFolder('/nonexistent/watchfloor-plugins', new PluginRegistry())).toEqual({
      loaded: [],
      problems: [],
    });
  });

  it('names the known plugins when a profile asks for an unknown one', () => {
    expect(() => new PluginRegistry().get('nomad')).toThrow(
      'no action plugin named "nomad" (known: ssh, haproxy, kubectl, webhook, exec)',
    );
  });
});
