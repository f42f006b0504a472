import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ActionPlugin } from '../../../src/engine/actions/action-plugin';
import { ActionService } from '../../../src/engine/actions/action-service';
import { AuditLog } from '../../../src/engine/actions/audit-log';
import { PluginRegistry } from '../../../src/engine/actions/plugin-registry';
import type { MetricForecast } from '../../../src/engine/scaling/scale-advisor';
import type { ActionResult, SuggestionUpdate } from '../../../src/shared/action-types';
import { scalingPolicySchema } from '../../../src/shared/scaling-schema';

/** An in-memory pool standing in for a load balancer; counts how often it was changed. */
function memoryPool(initial: number) {
  const pool = { replicas: initial, executions: 0, keys: [] as string[], gate: null as Promise<void> | null };
  const plugin: ActionPlugin<{ pool: string; apiKey?: string }, { to: number }> = {
    name: 'memory',
    description: 'in-memory pool',
    params: z.strictObject({ pool: z.string(), apiKey: z.string().optional() }),
    async read(params) {
      return { replicas: pool.replicas, detail: `${pool.replicas} in ${params.pool}` };
    },
    async plan(params, request) {
      return {
        summary: `set ${params.pool} to ${request.to}`,
        preview: [`set ${request.to}`],
        data: { to: request.to },
      };
    },
    async execute(_params, plan, key) {
      await pool.gate;
      pool.executions++;
      pool.keys.push(key);
      pool.replicas = plan.data.to;
      return { ok: true, message: `set to ${plan.data.to}` };
    },
    async verify(_params, _plan, request) {
      return { ok: pool.replicas === request.to, detail: `${pool.replicas} in pool` };
    },
  };
  return { pool, plugin };
}

const policy = scalingPolicySchema.parse({
  metric: 'lines_per_sec',
  targetPerReplica: 100,
  min: 1,
  max: 6,
  cooldownSec: 0,
  scaleDown: { alpha: 0.5 },
  action: { plugin: 'memory', params: { pool: 'checkout', apiKey: 'never-logged' } },
});

const flat = (last: number, at: number): MetricForecast => ({
  last,
  at,
  stepMs: 60_000,
  model: 'naive',
  level: 0.8,
  forecast: Array(10).fill(last),
  lower: Array(10).fill(last - 5),
  upper: Array(10).fill(last + 5),
});

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(initial = 2) {
  const dir = mkdtempSync(path.join(tmpdir(), 'wf-actions-'));
  dirs.push(dir);
  const { pool, plugin } = memoryPool(initial);
  const clock = { now: 1_000_000 };
  let ids = 0;
  const audit = new AuditLog(path.join(dir, 'audit.jsonl'));
  const make = () =>
    new ActionService({
      plugins: new PluginRegistry([plugin as ActionPlugin]),
      audit,
      user: 'oncall',
      remoteExec: () => Promise.reject(new Error('no hosts here')),
      secret: async () => null,
      policyOf: async (app) => (app === 'checkout' ? policy : null),
      now: () => clock.now,
      newId: () => `id-${++ids}`,
    });
  const service = make();
  const suggestions: SuggestionUpdate[] = [];
  const results: ActionResult[] = [];
  service.events.on('suggestion', (s) => suggestions.push(s));
  service.events.on('actionResult', (r) => results.push(r));
  return { service, pool, clock, audit, suggestions, results, make };
}

describe('action service', () => {
  it('turns a forecast into a suggestion, plans it with a preview, executes once and audits it', async () => {
    const { service, pool, clock, audit, suggestions, results } = setup(2);
    const suggestion = await service.updateForecast('checkout', { lines_per_sec: flat(350, clock.now) });
    expect(suggestion).toMatchObject({ app: 'checkout', from: 2, to: 4 });
    expect(suggestions).toEqual([{ app: 'checkout', suggestion }]);
    expect(service.listSuggestions()).toEqual([suggestion]);

    const plan = await service.planAction({ app: 'checkout', to: 4, suggestionId: suggestion!.id });
    expect(plan).toMatchObject({ plugin: 'memory', from: 2, to: 4, summary: 'set checkout to 4' });
    expect(plan.preview).toEqual(['set 4', 'now: 2 in checkout']);
    expect(plan.idempotencyKey).toBe(`suggestion:${suggestion!.id}`);
    expect(pool.executions).toBe(0); // planning changes nothing

    const result = await service.executeAction({ planId: plan.planId, idempotencyKey: plan.idempotencyKey });
    expect(result).toMatchObject({
      ok: true,
      replayed: false,
      verified: true,
      from: 2,
      to: 4,
      message: 'set to 4',
    });
    expect(pool.replicas).toBe(4);
    expect(results).toEqual([result]);
    expect(suggestions.at(-1)).toEqual({ app: 'checkout', suggestion: null }); // answered, withdrawn

    const [record] = await service.getAuditLog();
    expect(record).toMatchObject({ user: 'oncall', app: 'checkout', plugin: 'memory', from: 2, to: 4 });
    expect(record.result).toMatchObject({ ok: true, verified: true });
    expect(readFileSync(audit.file, 'utf8')).not.toContain('never-logged');
  });

  it('fires once for a double click and for two windows acting on the same suggestion', async () => {
    const { service, pool, clock } = setup(2);
    const suggestion = await service.updateForecast('checkout', { lines_per_sec: flat(350, clock.now) });
    const windowA = await service.planAction({ app: 'checkout', to: 4, suggestionId: suggestion!.id });
    const windowB = await service.planAction({ app: 'checkout', to: 4, suggestionId: suggestion!.id });
    let open!: () => void;
    pool.gate = new Promise((resolve) => (open = resolve));
    const clicks = [
      service.executeAction({ planId: windowA.planId, idempotencyKey: windowA.idempotencyKey }),
      service.executeAction({ planId: windowA.planId, idempotencyKey: windowA.idempotencyKey }),
      service.executeAction({ planId: windowB.planId, idempotencyKey: windowB.idempotencyKey }),
    ];
    open();
    const outcomes = await Promise.all(clicks);
    expect(pool.executions).toBe(1);
    expect(outcomes.map((o) => o.replayed)).toEqual([false, true, true]);
    expect(new Set(outcomes.map((o) => o.ok))).toEqual(new Set([true]));
    expect((await service.getAuditLog()).length).toBe(1);
  });

  it('runs a plan once even under a different key, and refuses an unknown or expired plan', async () => {
    const { service, clock } = setup(2);
    const plan = await service.planAction({ app: 'checkout', to: 3 });
    await service.executeAction({ planId: plan.planId, idempotencyKey: 'key-one-aaaa' });
    await expect(
      service.executeAction({ planId: plan.planId, idempotencyKey: 'key-two-bbbb' }),
    ).rejects.toThrow('was already executed (key key-one-aaaa); plan the action again');
    await expect(service.executeAction({ planId: 'nope', idempotencyKey: 'key-three' })).rejects.toThrow(
      'plan nope is unknown or has expired',
    );
    const late = await service.planAction({ app: 'checkout', to: 2 });
    clock.now += 6 * 60_000;
    await expect(service.executeAction({ planId: late.planId, idempotencyKey: 'key-four' })).rejects.toThrow(
      'unknown or has expired',
    );
  });

  it('does not run when the replicas changed since planning, and says so', async () => {
    const { service, pool } = setup(2);
    const plan = await service.planAction({ app: 'checkout', to: 4 });
    pool.replicas = 3; // someone else scaled meanwhile
    const result = await service.executeAction({ planId: plan.planId, idempotencyKey: plan.idempotencyKey });
    expect(result).toMatchObject({ ok: false, verified: null });
    expect(result.message).toBe('not run: checkout has 3 replicas now, not the 2 planned; plan again');
    expect(pool.executions).toBe(0);
  });

  it('never fires a key again after a restart: completed keys are read back from the audit log', async () => {
    const first = setup(2);
    const plan = await first.service.planAction({ app: 'checkout', to: 3 });
    await first.service.executeAction({ planId: plan.planId, idempotencyKey: 'restart-key' });
    const restarted = first.make();
    const again = await restarted.planAction({ app: 'checkout', to: 4 });
    const result = await restarted.executeAction({ planId: again.planId, idempotencyKey: 'restart-key' });
    expect(result).toMatchObject({ replayed: true, ok: true, to: 3 });
    expect(first.pool.executions).toBe(1);
  });

  it('keeps plans within the policy bounds and refuses a stale suggestion', async () => {
    const { service } = setup(2);
    await expect(service.planAction({ app: 'checkout', to: 7 })).rejects.toThrow('between 1 and 6 replicas');
    await expect(service.planAction({ app: 'orders', to: 2 })).rejects.toThrow('has no scaling policy');
    await expect(service.planAction({ app: 'checkout', to: 3, suggestionId: 'old' })).rejects.toThrow(
      'suggestion old has expired or changed',
    );
  });

  it('remembers the load at a scale-up and suggests scaling back once load falls below it × alpha', async () => {
    const { service, clock } = setup(2);
    const up = await service.updateForecast('checkout', { lines_per_sec: flat(350, clock.now) });
    const plan = await service.planAction({ app: 'checkout', to: 4, suggestionId: up!.id });
    await service.executeAction({ planId: plan.planId, idempotencyKey: plan.idempotencyKey });
    clock.now += 60_000;
    expect(await service.updateForecast('checkout', { lines_per_sec: flat(200, clock.now) })).toBeNull();
    const down = await service.updateForecast('checkout', { lines_per_sec: flat(150, clock.now) });
    expect(down).toMatchObject({ from: 4, to: 2, direction: 'down' });
    expect(down!.evidence).toMatchObject({ scaleUpLoad: 350, alpha: 0.5 });
  });

  it('withdraws a suggestion when it expires', async () => {
    const { service, clock, suggestions } = setup(2);
    await service.updateForecast('checkout', { lines_per_sec: flat(350, clock.now) });
    clock.now += policy.suggestionTtlSec * 1000;
    service.expireSuggestions();
    expect(suggestions.at(-1)).toEqual({ app: 'checkout', suggestion: null });
    expect(service.listSuggestions()).toEqual([]);
  });
});
