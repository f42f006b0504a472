import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventNames } from '../shared/api';
import type { EnginePort } from '../engine/engine-port';
import type { Disposable } from '../engine/disposable';
import { contentSecurityPolicy } from '../shared/content-security-policy';
import { receiveSnapshotUpload } from './snapshot-upload';
import { readStaticFile } from './static-files';

export interface HostOptions {
  engine: EnginePort;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  port?: number;
  /** Defaults to 32 random bytes; every WebSocket must present it. */
  token?: string;
  /** Where snapshots dropped on the page are saved (removed when the host closes); a new temp folder by default. */
  uploadDir?: string;
  /** Largest snapshot accepted by upload, bytes (2 GB by default). */
  maxUploadBytes?: number;
}

export interface RunningHost extends Disposable {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * The headless host: serves the renderer on 127.0.0.1 and carries the contract over a WebSocket guarded
 * by a random token, so the workbench runs in any browser (and in end-to-end tests) exactly as in Electron.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const rendererDir = path.resolve(options.rendererDir);
  let origin = '';
  const uploadDir =
    options.uploadDir ?? path.join(tmpdir(), `watchfloor-uploads-${randomBytes(6).toString('hex')}`);

  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && new URL(req.url ?? '/', origin).pathname === '/snapshots') {
      if (!isAuthorisedUpload(req, token, origin)) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorised');
        req.resume();
        return;
      }
      void receiveSnapshotUpload(req, res, {
        dir: uploadDir,
        maxBytes: options.maxUploadBytes ?? 2 * 1024 ** 3,
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    void readStaticFile(rendererDir, req.url ?? '/').then((file) => {
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'content-type': file.contentType,
        'content-security-policy': contentSecurityPolicy(`'self' ws://${new URL(origin).host}`),
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    if (!isAuthorised(req, token, origin)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws, options.engine));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  const close = async () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(uploadDir, { recursive: true, force: true });
  };
  return { url: `${origin}/#token=${token}`, port, token, close, dispose: () => void close() };
}

function isAuthorised(req: IncomingMessage, token: string, origin: string): boolean {
  const url = new URL(req.url ?? '/', origin);
  if (url.pathname !== '/ws') return false;
  // A page from another origin must not drive the engine even if it guessed the port.
  if (req.headers.origin && req.headers.origin !== origin) return false;
  const offered = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  return offered.length === expected.length && timingSafeEqual(offered, expected);
}

/** Uploads carry the token in a header (never in a URL that could be logged) and come from the page itself. */
function isAuthorisedUpload(req: IncomingMessage, token: string, origin: string): boolean {
  if (req.headers.origin !== undefined && req.headers.origin !== origin) return false;
  const offered = Buffer.from(String(req.headers['x-watchfloor-token'] ?? ''));
  const expected = Buffer.from(token);
  return offered.length === expected.length && timingSafeEqual(offered, expected);
}

function serveClient(ws: WebSocket, engine: EnginePort): void {
  const subscriptions = eventNames.map((name) =>
    engine.events.on(name, (payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ kind: 'event', name, payload }));
    }),
  );
  ws.on('message', (data) => {
    let message: { kind?: unknown; id?: unknown; name?: unknown; params?: unknown };
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    if (message.kind !== 'request' || typeof message.id !== 'number') return;
    const id = message.id;
    void engine.request(String(message.name), message.params).then((outcome) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ kind: 'response', id, outcome }));
    });
  });
  ws.on('close', () => subscriptions.forEach((s) => s.dispose()));
}
