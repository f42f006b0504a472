import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the receiver does with the next POST: answer normally, answer a status, cut the connection, or never answer. */
export type WebhookBehaviour = 'ok' | 502 | 503 | 504 | 500 | 'reset' | 'hang';

export interface ReceivedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  signatureValid: boolean;
  body: string;
  status: number | 'reset' | 'hang';
}

export interface WebhookServer {
  url: string;
  received: ReceivedRequest[];
  /** How many times each idempotency key arrived, and how many changes were applied (once per key). */
  keyCounts: Map<string, number>;
  applied: number;
  replicas: number;
  /** Behaviours for the next POSTs, in order; then 'ok'. */
  script: WebhookBehaviour[];
  stop(): Promise<void>;
}

/**
 * A real HTTP receiver for the webhook action: checks the HMAC-SHA256 signature over
 * `<timestamp>.<body>`, applies each Idempotency-Key once (a repeat answers 200 with the first
 * outcome), serves `GET /state` as `{"replicas": N}`, and can misbehave on cue.
 */
export async function startWebhookServer(options: {
  signingKey: string;
  replicas: number;
}): Promise<WebhookServer> {
  const hung = new Set<http.ServerResponse>();
  const appliedKeys = new Set<string>();
  const state: WebhookServer = {
    url: '',
    received: [],
    keyCounts: new Map(),
    applied: 0,
    replicas: options.replicas,
    script: [],
    stop: async () => undefined,
  };
  const verify = (req: http.IncomingMessage, body: string) => {
    const timestamp = String(req.headers['x-watchfloor-timestamp'] ?? '');
    const given = Buffer.from(String(req.headers['x-watchfloor-signature'] ?? ''));
    const expected = Buffer.from(
      `sha256=${createHmac('sha256', options.signingKey).update(`${timestamp}.${body}`).digest('hex')}`,
    );
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
      const signatureValid = verify(req, body);
      const record: ReceivedRequest = {
        method: req.method!,
        path: req.url!,
        idempotencyKey: key,
        signatureValid,
        body,
        status: 200,
      };
      state.received.push(record);
      if (req.method === 'GET' && req.url === '/state') {
        res.writeHead(signatureValid ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify(signatureValid ? { replicas: state.replicas } : { error: 'bad signature' }));
        return;
      }
      if (key) state.keyCounts.set(key, (state.keyCounts.get(key) ?? 0) + 1);
      const behaviour = state.script.shift() ?? 'ok';
      if (behaviour === 'reset') {
        record.status = 'reset';
        req.socket.destroy();
        return;
      }
      if (behaviour === 'hang') {
        record.status = 'hang';
        hung.add(res);
        return;
      }
      if (behaviour !== 'ok') {
        record.status = behaviour;
        res.writeHead(behaviour, { 'content-type': 'text/plain' });
        res.end(`simulated ${behaviour}`);
        return;
      }
      if (!signatureValid || !key) {
        record.status = 401;
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end(signatureValid ? 'missing Idempotency-Key' : 'bad signature');
        return;
      }
      if (!appliedKeys.has(key)) {
        appliedKeys.add(key);
        state.replicas = (JSON.parse(body) as { to: number }).to;
        state.applied++;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ replicas: state.replicas }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.stop = () =>
    new Promise((resolve) => {
      for (const res of hung) res.socket?.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
