import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect as netConnect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../../src/engine/engine';
import { inProcessPort } from '../../../src/engine/engine-port';
import { startHost, type RunningHost } from '../../../src/host/host-server';
import { waitFor } from '../../harness/wait-for';

const INDEX = '<!doctype html><title>Watchfloor</title><script type="module" src="/assets/app.js"></script>';
const SECRET = 'outside the renderer folder';

/** Made while the tests are collected, so the traversal cases can name real absolute paths. */
const root = mkdtempSync(path.join(tmpdir(), 'host-server-'));
const rendererDir = path.join(root, 'renderer');
let engine: Engine;
let host: RunningHost;
let tcpHandlesBefore: number;

const tcpHandles = () => process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;

beforeAll(async () => {
  const profilesDir = path.join(root, 'profiles');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  mkdirSync(profilesDir);
  mkdirSync(path.join(root, 'renderer-sibling'));
  writeFileSync(path.join(rendererDir, 'index.html'), INDEX);
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(path.join(rendererDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(path.join(root, 'secret.txt'), SECRET);
  writeFileSync(path.join(root, 'renderer-sibling', 'secret.txt'), SECRET);
  copyFileSync(path.resolve(__dirname, '../../../profiles/shop.yaml'), path.join(profilesDir, 'shop.yaml'));

  tcpHandlesBefore = tcpHandles();
  engine = new Engine({ profilesDir, home: root });
  host = await startHost({ engine: inProcessPort(engine), rendererDir });
});

afterAll(async () => {
  await host?.close();
  engine?.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** A raw GET whose path is sent exactly as written (no client-side normalisation of `..`). */
function get(
  rawPath: string,
  options: { method?: string; port?: number } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: options.port ?? host.port, path: rawPath, method: options.method ?? 'GET' },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket; resolves with it once open, or with the HTTP status that refused it. */
function openSocket(query: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', reject);
  });
}

async function authorisedSocket(): Promise<WebSocket> {
  const ws = await openSocket(`?token=${host.token}`);
  if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
  return ws;
}

interface Message {
  kind: string;
  id?: number;
  name?: string;
  payload?: unknown;
  outcome?: { ok: boolean; value?: unknown; error?: { message: string } };
}

/** Collects every message a socket receives. */
function inbox(ws: WebSocket): Message[] {
  const messages: Message[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Message));
  return messages;
}

let nextId = 1;
async function call(
  ws: WebSocket,
  messages: Message[],
  name: string,
  params?: unknown,
): Promise<Message['outcome']> {
  const id = nextId++;
  ws.send(JSON.stringify({ kind: 'request', id, name, params }));
  const response = await waitFor(() => messages.find((m) => m.kind === 'response' && m.id === id), {
    what: `the response to ${name}`,
    intervalMs: 5,
  });
  return response.outcome;
}

describe('the headless host', () => {
  it('gives a URL on 127.0.0.1 that carries the token in its fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
  });

  describe('WebSocket access', () => {
    it.each([
      ['without a token', ''],
      ['with an empty token', '?token='],
      ['with a wrong token', '?token=0000'],
      ['with a wrong token of the right length', `?token=${'0'.repeat(64)}`],
    ])('refuses a client %s (401)', async (_label, query) => {
      expect(await openSocket(query)).toBe(401);
    });

    it('refuses the right token on a path other than /ws (401)', async () => {
      const status = await new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${host.port}/other?token=${host.token}`);
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode));
        ws.once('error', reject);
      });
      expect(status).toBe(401);
    });

    it.each(['http://evil.example', 'http://localhost', 'http://127.0.0.1', 'null', 'https://127.0.0.1'])(
      'refuses the right token from a page of another origin (%s)',
      async (origin) => {
        expect(await openSocket(`?token=${host.token}`, { Origin: origin })).toBe(401);
      },
    );

    it('accepts the right token from its own origin, or from a client that sends no origin', async () => {
      const sameOrigin: Record<string, string> = { Origin: `http://127.0.0.1:${host.port}` };
      for (const headers of [sameOrigin, {}]) {
        const ws = await openSocket(`?token=${host.token}`, headers);
        expect(ws).toBeInstanceOf(WebSocket);
        (ws as WebSocket).close();
      }
    });
  });

  describe('requests over the WebSocket', () => {
    let ws: WebSocket;
    let messages: Message[];

    beforeAll(async () => {
      ws = await authorisedSocket();
      messages = inbox(ws);
    });

    afterAll(() => ws.close());

    it('answers listProfiles with the profiles folder', async () => {
      const outcome = await call(ws, messages, 'listProfiles', {});
      expect(outcome?.ok).toBe(true);
      expect(outcome?.value).toEqual([
        expect.objectContaining({
          file: 'shop.yaml',
          name: 'shop',
          environments: [expect.objectContaining({ name: 'production', hosts: ['web-1', 'web-2'] })],
        }),
      ]);
    });

    it('answers getSession with null before any connection', async () => {
      expect(await call(ws, messages, 'getSession')).toEqual({ ok: true, value: null });
    });

    it.each(['nope', 'toString', '__proto__', 'constructor', 'dispose', 'ingest'])(
      'answers an unknown request name (%s) with ok:false and a message',
      async (name) => {
        const outcome = await call(ws, messages, name, {});
        expect(outcome?.ok).toBe(false);
        expect(outcome?.error?.message).toMatch(/unknown request/);
      },
    );

    it('answers invalid parameters with ok:false and a message naming the request and field', async () => {
      const outcome = await call(ws, messages, 'getStreamPage', { from: -1, count: 10 });
      expect(outcome?.ok).toBe(false);
      expect(outcome?.error?.message).toMatch(/invalid parameters for getStreamPage: from/);
      const traversal = await call(ws, messages, 'connect', {
        profileFile: '../secret.yaml',
        environment: 'p',
      });
      expect(traversal?.ok).toBe(false);
      expect(traversal?.error?.message).toMatch(/connect: profileFile/);
    });

    it('ignores messages that are not requests, and keeps serving', async () => {
      for (const junk of [
        'not json',
        '[]',
        '{"kind":"request","id":"7","name":"listProfiles"}',
        '{"kind":"event"}',
      ]) {
        ws.send(junk);
      }
      expect((await call(ws, messages, 'getSession'))?.ok).toBe(true);
      expect(messages.filter((m) => m.kind === 'response' && m.id === undefined)).toEqual([]);
    });

    it('forwards engine events to the client', async () => {
      engine.events.emit('session', null);
      await waitFor(() => messages.find((m) => m.kind === 'event' && m.name === 'session'), {
        what: 'the session event',
        intervalMs: 5,
      });
    });
  });

  describe('static files', () => {
    it('serves index.html at / with a Content Security Policy that allows only itself', async () => {
      const res = await get('/');
      expect(res.status).toBe(200);
      expect(res.body).toBe(INDEX);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('serves assets with their content type, ignoring the query string', async () => {
      const js = await get('/assets/app.js?v=3');
      expect(js.status).toBe(200);
      expect(js.body).toBe('console.log("app");');
      expect(js.headers['content-type']).toMatch(/^text\/javascript/);
      expect(js.headers['content-security-policy']).toBeDefined();
      expect((await get('/assets/app.css')).headers['content-type']).toMatch(/^text\/css/);
    });

    it('answers 404 for files that do not exist and for folders', async () => {
      expect((await get('/missing.js')).status).toBe(404);
      expect((await get('/assets')).status).toBe(404);
      expect((await get('/assets/')).status).toBe(404);
    });

    it('answers HEAD without a body, and refuses other methods (405)', async () => {
      const head = await get('/', { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.body).toBe('');
      expect((await get('/', { method: 'POST' })).status).toBe(405);
      expect((await get('/', { method: 'PUT' })).status).toBe(405);
    });

    it.each([
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e%5csecret.txt',
      '/..\\secret.txt',
      '/../renderer-sibling/secret.txt',
      '/%2e%2e/renderer-sibling/secret.txt',
      `/${encodeURIComponent(path.join(root, 'secret.txt'))}`,
      `/${path.join(root, 'secret.txt')}`,
      `//${path.join(root, 'secret.txt')}`,
      `/%2f${encodeURIComponent(path.join(root, 'secret.txt').slice(1))}`,
      '/index.html%00.js',
      '/%zz',
      '/../../../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    ])('never serves anything outside the renderer folder for %j', async (rawPath) => {
      const res = await get(rawPath);
      expect(res.body).not.toContain(SECRET);
      expect(res.body).not.toMatch(/root:.*:0:0:/);
      if (res.status === 200) expect(res.body).toBe(INDEX);
      else expect([400, 404]).toContain(res.status);
    });
  });

  describe('network exposure', () => {
    it('listens on 127.0.0.1 only', async () => {
      const others = ['127.0.0.2', '::1'];
      for (const addresses of Object.values(networkInterfaces())) {
        for (const a of addresses ?? []) if (!a.internal && a.family === 'IPv4') others.push(a.address);
      }
      for (const address of others) {
        const outcome = await new Promise<string>((resolve) => {
          const socket = netConnect({ host: address, port: host.port });
          socket.once('connect', () => {
            socket.destroy();
            resolve('connected');
          });
          socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
        });
        expect(outcome, address).not.toBe('connected');
      }
    });
  });
});

describe('closing the host', () => {
  it('closes open WebSockets and the listening socket, leaving no open handles', async () => {
    const ws = await authorisedSocket();
    const closed = new Promise((resolve) => ws.once('close', resolve));
    await host.close();
    await closed;
    engine.dispose();
    await expect(get('/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await waitFor(() => tcpHandles() <= tcpHandlesBefore, {
      what: `TCP handles back to ${tcpHandlesBefore} (now ${process.getActiveResourcesInfo().join(', ')})`,
    });
  });
});
