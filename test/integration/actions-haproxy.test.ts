import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionContext, RemoteExec } from '../../src/engine/actions/action-plugin';
import { ActionService } from '../../src/engine/actions/action-service';
import { AuditLog } from '../../src/engine/actions/audit-log';
import { PluginRegistry } from '../../src/engine/actions/plugin-registry';
import { haproxyPlugin } from '../../src/engine/actions/plugins/haproxy/haproxy-plugin';
import { parseServersState } from '../../src/engine/actions/plugins/haproxy/server-state';
import { scalingPolicySchema } from '../../src/shared/scaling-schema';
import { canRunHaproxy, startHaproxy, type RunningHaproxy } from '../harness/haproxy';
import { connectFleetExec, type SshExecPool } from '../harness/ssh-exec';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const haproxyHarness = canRunHaproxy();
if (!haproxyHarness.ok) console.warn(`[skip] ${haproxyHarness.why}`);
const sshHarness = canRunSshFleet();
if (!sshHarness.ok) console.warn(`[skip] ${sshHarness.why}`);

const noRemote: RemoteExec = () => Promise.reject(new Error('this test reaches HAProxy locally'));

function context(remoteExec: RemoteExec = noRemote): ActionContext {
  return {
    app: 'checkout',
    remoteExec,
    secret: async () => null,
    env: process.env,
    user: 'oncall',
    now: Date.now,
  };
}

async function runningServers(haproxy: RunningHaproxy): Promise<string[]> {
  const servers = parseServersState(
    await haproxy.command(`show servers state ${haproxy.backend}`),
    haproxy.backend,
  );
  return servers.filter((s) => s.enabled && s.running).map((s) => s.name);
}

describe.runIf(haproxyHarness.ok)('haproxy action against a real HAProxy (local stats socket)', () => {
  let haproxy: RunningHaproxy;
  let auditDir: string;

  beforeAll(async () => {
    haproxy = await startHaproxy({ servers: 4, enabled: 2 });
    auditDir = mkdtempSync(path.join(tmpdir(), 'wf-audit-'));
  });

  afterAll(async () => {
    await haproxy?.stop();
    if (auditDir) rmSync(auditDir, { recursive: true, force: true });
  });

  it('reads the pool, plans with a preview, enables servers through the runtime API and verifies', async () => {
    const params = haproxyPlugin.params.safeParse({ backend: 'checkout', socket: haproxy.socket });
    if (!params.success) throw new Error('parameters should parse');
    const ctx = context();
    await waitFor(async () => (await runningServers(haproxy)).length === 2, { what: 'web1 and web2 UP' });
    expect(await haproxyPlugin.read(params.data, ctx)).toEqual({
      replicas: 2,
      detail: '2 of 4 servers enabled in backend checkout (2 running: web1, web2)',
    });
    expect(Object.values(await haproxy.load(8)).filter((n) => n > 0)).toHaveLength(2);

    const plan = await haproxyPlugin.plan(params.data, { from: 2, to: 4 }, ctx);
    expect(plan.preview).toEqual([
      `HAProxy runtime API at ${haproxy.socket} (locally)`,
      'enable server checkout/web3',
      'enable server checkout/web4',
    ]);
    expect(await haproxyPlugin.execute(params.data, plan, 'key-1', ctx)).toEqual({
      ok: true,
      message: '2 runtime API command(s) accepted',
    });
    expect(await haproxyPlugin.verify(params.data, plan, { from: 2, to: 4 }, ctx)).toMatchObject({
      ok: true,
    });

    await waitFor(async () => (await runningServers(haproxy)).length === 4, { what: 'all four servers UP' });
    const hits = await haproxy.load(16);
    expect(hits).toEqual({ web1: 4, web2: 4, web3: 4, web4: 4 });
  });

  it('shrinks the pool by disabling the last enabled servers, and traffic follows', async () => {
    const params = haproxyPlugin.params.safeParse({ backend: 'checkout', socket: haproxy.socket });
    if (!params.success) throw new Error('parameters should parse');
    const ctx = context();
    const plan = await haproxyPlugin.plan(params.data, { from: 4, to: 1 }, ctx);
    expect(plan.preview.slice(1)).toEqual([
      'disable server checkout/web2',
      'disable server checkout/web3',
      'disable server checkout/web4',
    ]);
    expect((await haproxyPlugin.execute(params.data, plan, 'key-2', ctx)).ok).toBe(true);
    expect(await haproxyPlugin.read(params.data, ctx)).toMatchObject({ replicas: 1 });
    expect(await haproxy.load(6)).toEqual({ web1: 6, web2: 0, web3: 0, web4: 0 });
  });

  it("reports HAProxy's complaint when a named server does not exist", async () => {
    const params = haproxyPlugin.params.safeParse({
      backend: 'checkout',
      socket: haproxy.socket,
      servers: ['web1', 'web9'],
    });
    if (!params.success) throw new Error('parameters should parse');
    await expect(haproxyPlugin.read(params.data, context())).rejects.toThrow(
      `backend "checkout" at ${haproxy.socket} has no server "web9" (it has web1, web2, web3, web4)`,
    );
  });

  it('through the action service: one confirmed click scales once, a repeat click replays, the audit log has it', async () => {
    const policy = scalingPolicySchema.parse({
      metric: 'lines_per_sec',
      targetPerReplica: 100,
      min: 1,
      max: 4,
      action: { plugin: 'haproxy', params: { backend: 'checkout', socket: haproxy.socket } },
    });
    const service = new ActionService({
      plugins: new PluginRegistry(),
      audit: new AuditLog(path.join(auditDir, 'audit.jsonl')),
      user: 'oncall',
      remoteExec: noRemote,
      secret: async () => null,
      policyOf: async () => policy,
    });
    const plan = await service.planAction({ app: 'checkout', to: 3 });
    expect(plan).toMatchObject({ from: 1, to: 3, summary: 'Scale backend checkout from 1 to 3 servers' });
    const [first, second] = await Promise.all([
      service.executeAction({ planId: plan.planId, idempotencyKey: plan.idempotencyKey }),
      service.executeAction({ planId: plan.planId, idempotencyKey: plan.idempotencyKey }),
    ]);
    expect(first).toMatchObject({ ok: true, verified: true, replayed: false });
    expect(second).toMatchObject({ ok: true, replayed: true });
    expect(first.verification).toMatch(/^3 of 4 servers enabled in backend checkout/);
    const log = await service.getAuditLog();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ plugin: 'haproxy', from: 1, to: 3, result: { ok: true, verified: true } });
    expect(log[0].preview).toContain('enable server checkout/web2');
  });
});

describe.runIf(haproxyHarness.ok && sshHarness.ok)(
  'haproxy action over real sshd (stats socket on the host)',
  () => {
    let haproxy: RunningHaproxy;
    let fleet: SshFleet;
    let ssh: SshExecPool;

    beforeAll(async () => {
      haproxy = await startHaproxy({ servers: 3, enabled: 1 });
      fleet = await startSshFleet({ hosts: 1, agent: false });
      ssh = await connectFleetExec(fleet);
    });

    afterAll(async () => {
      ssh?.close();
      await fleet?.stop();
      await haproxy?.stop();
    });

    // Whichever relay this machine has (socat, nc -U or perl) carries the commands; 'perl' is forced too.
    for (const relay of ['auto', 'perl'] as const) {
      it(`reads and scales the pool through the ${relay} relay on web-1`, async () => {
        const params = haproxyPlugin.params.safeParse({
          backend: 'checkout',
          socket: haproxy.socket,
          host: 'web-1',
          relay,
        });
        if (!params.success) throw new Error('parameters should parse');
        const ctx = context(ssh.exec);
        const before = await haproxyPlugin.read(params.data, ctx);
        const to = before.replicas === 1 ? 3 : 1;
        const plan = await haproxyPlugin.plan(params.data, { from: before.replicas, to }, ctx);
        expect(plan.preview[0]).toMatch(/^HAProxy runtime API at .*admin\.sock \(on web-1 via: /);
        expect(await haproxyPlugin.execute(params.data, plan, `key-${relay}`, ctx)).toMatchObject({
          ok: true,
        });
        expect(
          await haproxyPlugin.verify(params.data, plan, { from: before.replicas, to }, ctx),
        ).toMatchObject({
          ok: true,
        });
        const direct = parseServersState(await haproxy.command('show servers state checkout'), 'checkout');
        expect(direct.filter((s) => s.enabled)).toHaveLength(to);
      });
    }

    it('says which host and socket failed when the socket is not there', async () => {
      const params = haproxyPlugin.params.safeParse({
        backend: 'checkout',
        socket: '/nonexistent/admin.sock',
        host: 'web-1',
        relay: 'perl',
      });
      if (!params.success) throw new Error('parameters should parse');
      await expect(haproxyPlugin.read(params.data, context(ssh.exec))).rejects.toThrow(
        /HAProxy runtime API at web-1:\/nonexistent\/admin\.sock: the relay exited 2: cannot connect to \/nonexistent\/admin\.sock/,
      );
    });
  },
);
