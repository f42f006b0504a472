import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../src/engine/actions/action-plugin';
import { ActionService } from '../../src/engine/actions/action-service';
import { AuditLog } from '../../src/engine/actions/audit-log';
import { PluginRegistry } from '../../src/engine/actions/plugin-registry';
import { webhookPlugin } from '../../src/engine/actions/plugins/webhook-plugin';
import { scalingPolicySchema } from '../../src/shared/scaling-schema';
import { startWebhookServer, type WebhookServer } from '../harness/webhook-server';

const SIGNING_KEY = 'test-signing-key-4f1c';
const KEY_REF = 'webhooks/checkout';

/** The keychain, as the plugin sees it: the signing key under its account, nothing else. */
const keychain = async (account: string) => (account === KEY_REF ? SIGNING_KEY : null);

function context(secret = keychain): ActionContext {
  return {
    app: 'checkout',
    remoteExec: () => Promise.reject(new Error('no ssh')),
    secret,
    env: process.env,
    user: 'oncall',
    now: Date.now,
  };
}

function params(server: WebhookServer, extra: Record<string, unknown> = {}) {
  const parsed = webhookPlugin.params.safeParse({
    url: `${server.url}/scale`,
    stateUrl: `${server.url}/state`,
    signingKeyRef: KEY_REF,
    retryDelayMs: 10,
    ...extra,
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

describe('webhook action against a real local HTTP receiver', () => {
  let server: WebhookServer;

  beforeAll(async () => {
    server = await startWebhookServer({ signingKey: SIGNING_KEY, replicas: 2 });
  });
  afterAll(() => server?.stop());
  afterEach(() => {
    server.script = [];
  });

  it('reads the state, POSTs a signed request with an Idempotency-Key, and verifies', async () => {
    const p = params(server);
    const ctx = context();
    expect(await webhookPlugin.read(p, ctx)).toEqual({
      replicas: 2,
      detail: `${server.url}/state reports 2`,
    });
    const plan = await webhookPlugin.plan(p, { from: 2, to: 5, reason: 'errors rising' }, ctx);
    expect(plan.preview).toEqual([
      `POST ${server.url}/scale`,
      'signed (X-Watchfloor-Signature, HMAC-SHA256), with an Idempotency-Key',
      '{"app":"checkout","from":2,"to":5,"reason":"errors rising"}',
    ]);
    expect(await webhookPlugin.execute(p, plan, 'key-signed-1', ctx)).toEqual({
      ok: true,
      message: `${server.url}/scale answered 200`,
    });
    const post = server.received.find((r) => r.idempotencyKey === 'key-signed-1')!;
    expect(post.signatureValid).toBe(true);
    expect(JSON.parse(post.body)).toMatchObject({
      app: 'checkout',
      from: 2,
      to: 5,
      idempotencyKey: 'key-signed-1',
      requestedBy: 'oncall',
    });
    expect(post.body).not.toContain(SIGNING_KEY);
    expect(await webhookPlugin.verify(p, plan, { from: 2, to: 5 }, ctx)).toMatchObject({ ok: true });
  });

  it('retries after a connection cut before any response and after 502/503/504, under the same key', async () => {
    const p = params(server);
    const plan = await webhookPlugin.plan(p, { from: 5, to: 6 }, context());
    server.script = ['reset', 503];
    const outcome = await webhookPlugin.execute(p, plan, 'key-retry-1', context());
    expect(outcome).toEqual({ ok: true, message: `${server.url}/scale answered 200 after 3 attempts` });
    expect(server.keyCounts.get('key-retry-1')).toBe(3);
    expect(server.replicas).toBe(6);
  });

  it('gives up after the allowed retries and says what happened last', async () => {
    const p = params(server, { retries: 1 });
    const plan = await webhookPlugin.plan(p, { from: 6, to: 7 }, context());
    server.script = [502, 504];
    expect(await webhookPlugin.execute(p, plan, 'key-giveup-1', context())).toEqual({
      ok: false,
      message: `${server.url}/scale: gave up after 2 attempts (answered 504)`,
    });
    expect(server.keyCounts.get('key-giveup-1')).toBe(2);
  });

  it('never retries a timeout or a 500: the request may have been applied', async () => {
    const p = params(server, { timeoutSec: 0.3 });
    const plan = await webhookPlugin.plan(p, { from: 6, to: 7 }, context());
    server.script = ['hang'];
    const timedOut = await webhookPlugin.execute(p, plan, 'key-hang-1', context());
    expect(timedOut.ok).toBe(false);
    expect(timedOut.message).toMatch(/no answer from .* within 300 ms; it may have been applied/);
    expect(server.keyCounts.get('key-hang-1')).toBe(1);
    server.script = [500];
    const failed = await webhookPlugin.execute(p, plan, 'key-500-1', context());
    expect(failed).toEqual({ ok: false, message: `${server.url}/scale answered 500: simulated 500` });
    expect(server.keyCounts.get('key-500-1')).toBe(1);
  });

  it('refuses to send without a signing key in the keychain, naming the account', async () => {
    const p = params(server);
    const plan = await webhookPlugin.plan(p, { from: 6, to: 7 }, context());
    await expect(
      webhookPlugin.execute(
        p,
        plan,
        'key-nokey',
        context(async () => null),
      ),
    ).rejects.toThrow('no webhook signing key in the keychain under "webhooks/checkout"');
    expect(server.keyCounts.has('key-nokey')).toBe(false);
  });

  it('refuses a URL with credentials in it', () => {
    const parsed = webhookPlugin.params.safeParse({
      url: 'https://user:pw@hooks.example/x',
      signingKeyRef: 'a',
    });
    expect(parsed.success).toBe(false);
  });

  it('through the action service: double clicks reach the receiver once; the audit log holds no secret', async () => {
    const auditDir = mkdtempSync(path.join(tmpdir(), 'wf-audit-'));
    try {
      const audit = new AuditLog(path.join(auditDir, 'audit.jsonl'));
      const policy = scalingPolicySchema.parse({
        metric: 'errors_per_sec',
        threshold: 50,
        min: 1,
        max: 10,
        action: {
          plugin: 'webhook',
          params: { url: `${server.url}/scale`, stateUrl: `${server.url}/state`, signingKeyRef: KEY_REF },
        },
      });
      const service = new ActionService({
        plugins: new PluginRegistry(),
        audit,
        user: 'oncall',
        remoteExec: () => Promise.reject(new Error('no ssh')),
        secret: keychain,
        policyOf: async () => policy,
      });
      const before = server.applied;
      const plan = await service.planAction({ app: 'checkout', to: 8 });
      const clicks = await Promise.all(
        [1, 2, 3].map(() =>
          service.executeAction({ planId: plan.planId, idempotencyKey: plan.idempotencyKey }),
        ),
      );
      expect(clicks.map((c) => c.replayed)).toEqual([false, true, true]);
      expect(clicks[0]).toMatchObject({ ok: true, verified: true });
      expect(server.keyCounts.get(plan.idempotencyKey)).toBe(1);
      expect(server.applied).toBe(before + 1);
      expect(readFileSync(audit.file, 'utf8')).not.toContain(SIGNING_KEY);
    } finally {
      rmSync(auditDir, { recursive: true, force: true });
    }
  });
});
