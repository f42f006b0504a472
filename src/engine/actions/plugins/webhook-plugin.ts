import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { ActionContext, ActionPlugin } from '../action-plugin';
import { HttpFailure, httpRequest, type HttpResponse } from './http-request';

const httpUrl = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const url = new URL(s);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials in it');

const headerName = z.string().regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name');

const webhookParams = z.strictObject({
  url: httpUrl,
  /** Keychain account holding the HMAC key; the key itself never appears in a profile. */
  signingKeyRef: z.string().min(1).max(256),
  /** Answers GET with `{"replicas": N}`; without it the count is unknown and the change is not verified. */
  stateUrl: httpUrl.optional(),
  signatureHeader: headerName.default('X-Watchfloor-Signature'),
  timeoutSec: z.number().positive().max(300).default(10),
  /** Further attempts, made only when safe: no response at all, or 502/503/504 (the key deduplicates). */
  retries: z.number().int().min(0).max(5).default(2),
  retryDelayMs: z.number().int().min(0).max(60_000).default(500),
});

type WebhookParams = z.infer<typeof webhookParams>;

interface WebhookPlanData {
  app: string;
  from: number | null;
  to: number;
  reason: string | null;
}

/** Gateway answers that mean the request did not reach (or was not taken by) the receiver. */
const RETRYABLE_STATUS = new Set([502, 503, 504]);

/** `sha256=` + hex HMAC-SHA256 of `<timestamp>.<body>`, so a captured request cannot be replayed later. */
export function signWebhook(key: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex')}`;
}

async function signingKey(params: WebhookParams, ctx: ActionContext): Promise<string> {
  const key = await ctx.secret(params.signingKeyRef);
  if (!key) {
    throw new Error(
      `no webhook signing key in the keychain under "${params.signingKeyRef}"; store it there ` +
        '(service "watchfloor") before using this action',
    );
  }
  return key;
}

function signedHeaders(
  params: WebhookParams,
  key: string,
  body: string,
  ctx: ActionContext,
): Record<string, string> {
  const timestamp = String(Math.floor(ctx.now() / 1000));
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'watchfloor',
    'X-Watchfloor-Timestamp': timestamp,
    [params.signatureHeader]: signWebhook(key, timestamp, body),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * POSTs a signed JSON request with an `Idempotency-Key`. Sent again only when that is safe: a network
 * failure before any response, or 502/503/504. A timeout is not retried: the request may have been
 * applied, and the operator decides.
 */
export const webhookPlugin: ActionPlugin<WebhookParams, WebhookPlanData> = {
  name: 'webhook',
  description: 'POSTs a signed JSON request (HMAC-SHA256, Idempotency-Key)',
  params: webhookParams,

  async read(params, ctx) {
    if (!params.stateUrl) return { replicas: null, detail: 'no stateUrl: the current count is not known' };
    const key = await signingKey(params, ctx);
    const url = new URL(params.stateUrl);
    const response = await httpRequest(url, {
      method: 'GET',
      headers: signedHeaders(params, key, '', ctx),
      timeoutMs: params.timeoutSec * 1000,
    });
    if (response.status < 200 || response.status > 299) {
      throw new Error(`GET ${url.origin}${url.pathname} answered ${response.status}`);
    }
    const replicas = (JSON.parse(response.body) as { replicas?: unknown }).replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw new Error(`GET ${url.origin}${url.pathname} should answer {"replicas": N}`);
    }
    return { replicas, detail: `${url.origin}${url.pathname} reports ${replicas}` };
  },

  async plan(params, request, ctx) {
    const url = new URL(params.url);
    const data: WebhookPlanData = {
      app: ctx.app,
      from: request.from,
      to: request.to,
      reason: request.reason ?? null,
    };
    return {
      summary: `POST to ${url.host} to scale ${ctx.app} to ${request.to}`,
      preview: [
        `POST ${url.origin}${url.pathname}`,
        `signed (${params.signatureHeader}, HMAC-SHA256), with an Idempotency-Key`,
        JSON.stringify({ app: data.app, from: data.from, to: data.to, reason: data.reason }),
      ],
      data,
    };
  },

  async execute(params, plan, key, ctx) {
    const secret = await signingKey(params, ctx);
    const url = new URL(params.url);
    const body = JSON.stringify({
      ...plan.data,
      idempotencyKey: key,
      requestedBy: ctx.user,
      requestedAt: new Date(ctx.now()).toISOString(),
    });
    const where = `${url.origin}${url.pathname}`;
    let last = '';
    for (let attempt = 0; attempt <= params.retries; attempt++) {
      if (attempt > 0) await sleep(params.retryDelayMs * 2 ** (attempt - 1));
      let response: HttpResponse;
      try {
        response = await httpRequest(url, {
          method: 'POST',
          headers: { ...signedHeaders(params, secret, body, ctx), 'Idempotency-Key': key },
          body,
          timeoutMs: params.timeoutSec * 1000,
        });
      } catch (err) {
        if (err instanceof HttpFailure && err.kind === 'network') {
          last = err.message;
          continue;
        }
        return {
          ok: false,
          message: `${where}: ${(err as Error).message}; it may have been applied — check before sending again`,
        };
      }
      if (RETRYABLE_STATUS.has(response.status)) {
        last = `answered ${response.status}`;
        continue;
      }
      const tries = attempt > 0 ? ` after ${attempt + 1} attempts` : '';
      if (response.status >= 200 && response.status <= 299) {
        return { ok: true, message: `${where} answered ${response.status}${tries}` };
      }
      return {
        ok: false,
        message: `${where} answered ${response.status}${tries}: ${response.body.trim().slice(0, 200)}`,
      };
    }
    return { ok: false, message: `${where}: gave up after ${params.retries + 1} attempts (${last})` };
  },

  async verify(params, _plan, request, ctx) {
    if (!params.stateUrl) return { ok: null, detail: 'not verified: the profile gives no stateUrl' };
    const state = await this.read(params, ctx);
    return {
      ok: state.replicas === request.to,
      detail: state.replicas === request.to ? state.detail : `${state.detail}, expected ${request.to}`,
    };
  },
};
