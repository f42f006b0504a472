import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseServersState } from '../../src/engine/actions/plugins/haproxy/server-state';
import { Engine } from '../../src/engine/engine';
import type { MetricForecast } from '../../src/engine/scaling/scale-advisor';
import type { ActionResult, SuggestionUpdate } from '../../src/shared/action-types';
import { canRunHaproxy, startHaproxy, type RunningHaproxy } from '../harness/haproxy';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const haproxyHarness = canRunHaproxy();
if (!haproxyHarness.ok) console.warn(`[skip] ${haproxyHarness.why}`);
const sshHarness = canRunSshFleet();
if (!sshHarness.ok) console.warn(`[skip] ${sshHarness.why}`);

const rising = (now: number): MetricForecast => {
  const forecast = Array.from({ length: 10 }, (_, i) => 120 + 15 * (i + 1));
  return {
    last: 120,
    at: now,
    stepMs: 60_000,
    model: 'holt-winters',
    level: 0.8,
    forecast,
    lower: forecast.map((v) => v - 20),
    upper: forecast.map((v) => v + 20),
  };
};

describe.runIf(haproxyHarness.ok && sshHarness.ok)(
  'engine: suggestion → plan → execute through the session’s own SSH connection to the HAProxy host',
  () => {
    let haproxy: RunningHaproxy;
    let fleet: SshFleet;
    let dir: string;
    let engine: Engine;

    beforeAll(async () => {
      haproxy = await startHaproxy({ servers: 3, enabled: 1 });
      fleet = await startSshFleet({ hosts: 1 });
      dir = mkdtempSync(path.join(tmpdir(), 'wf-engine-actions-'));
      const profilesDir = path.join(dir, 'profiles');
      mkdirSync(profilesDir);
      writeFileSync(path.join(fleet.hosts[0].logDir, 'haproxy.log'), '');
      writeFileSync(
        path.join(profilesDir, 'shop.yaml'),
        stringify({
          name: 'shop',
          environments: [
            {
              name: 'test',
              hosts: [{ name: 'web-1', address: 'web-1' }],
              applications: [
                {
                  name: 'checkout',
                  hosts: ['web-1'],
                  logs: [{ path: path.join(fleet.viewDir, 'haproxy.log') }],
                  scaling: {
                    metric: 'lines_per_sec',
                    targetPerReplica: 100,
                    min: 1,
                    max: 3,
                    action: {
                      plugin: 'haproxy',
                      params: { backend: 'checkout', socket: haproxy.socket, host: 'web-1' },
                    },
                  },
                },
              ],
            },
          ],
        }),
      );
      engine = new Engine({
        profilesDir,
        home: fleet.home,
        agentSocket: fleet.agentSocket,
        secrets: { get: async () => null },
        actionsDir: path.join(dir, 'actions'),
        metricsIntervalSec: 0,
      });
      await engine.connect({ profileFile: 'shop.yaml', environment: 'test' });
      await waitFor(async () => (await engine.getSession())?.hosts.every((h) => h.state === 'live'), {
        what: 'web-1 live',
      });
    });

    afterAll(async () => {
      engine?.dispose();
      await fleet?.stop();
      await haproxy?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('suggests from the forecast, plans with the pool read over SSH, fires once and audits', async () => {
      const suggestions: SuggestionUpdate[] = [];
      const results: ActionResult[] = [];
      engine.events.on('suggestion', (s) => suggestions.push(s));
      engine.events.on('actionResult', (r) => results.push(r));

      const suggestion = await engine.updateForecast('checkout', { lines_per_sec: rising(Date.now()) });
      expect(suggestion).toMatchObject({ app: 'checkout', from: 1, to: 3, direction: 'up' });
      expect(suggestions).toEqual([{ app: 'checkout', suggestion }]);
      expect(await engine.listSuggestions()).toEqual([suggestion]);

      const plan = await engine.planAction({ app: 'checkout', to: 3, suggestionId: suggestion!.id });
      expect(plan.preview).toContain('enable server checkout/web2');
      expect(plan.preview).toContain('enable server checkout/web3');

      const [first, second] = await Promise.all([
        engine.executeAction({ planId: plan.planId, idempotencyKey: plan.idempotencyKey }),
        engine.executeAction({ planId: plan.planId, idempotencyKey: plan.idempotencyKey }),
      ]);
      expect(first).toMatchObject({ ok: true, verified: true, replayed: false, from: 1, to: 3 });
      expect(second.replayed).toBe(true);
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect(suggestions.at(-1)).toEqual({ app: 'checkout', suggestion: null });

      const pool = parseServersState(await haproxy.command('show servers state checkout'), 'checkout');
      expect(pool.filter((s) => s.enabled).map((s) => s.name)).toEqual(['web1', 'web2', 'web3']);
      const audit = await engine.getAuditLog({});
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        app: 'checkout',
        plugin: 'haproxy',
        from: 1,
        to: 3,
        result: { ok: true },
      });
    });

    it('refuses to act for an application without a scaling policy', async () => {
      await expect(engine.planAction({ app: 'orders', to: 2 })).rejects.toThrow(
        'application "orders" has no scaling policy in the profile',
      );
    });
  },
);
