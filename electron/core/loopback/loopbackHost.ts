import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch } from '../../../shared/api/dispatch';
import { clientMessage, LOOPBACK_API_PATH, LOOPBACK_UPLOAD_PATH, type ServerMessage } from '../../../shared/api/loopbackProtocol';
import { AppError } from '../../../shared/errors';
import type { AppServices } from '../api/appServices';
import type { Logger } from '../log/logger';

export interface LoopbackHostOptions {
  services: AppServices;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  log: Logger;
  /** Largest upload accepted, in bytes. */
  maxUploadBytes?: number;
}

export interface LoopbackHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The loopback transport: a small HTTP + WebSocket host on 127.0.0.1 that serves the built
 * renderer and the same API contract as Electron's IPC. It exists for end-to-end tests and
 * for running the UI in a browser during development; it is not shipped in installers.
 * Every API call and upload needs the random per-run token; requests naming another host
 * (DNS rebinding) or coming from another origin are refused.
 */
export async function startLoopbackHost(options: LoopbackHostOptions): Promise<LoopbackHost> {
  const { services, rendererDir, log } = options;
  const token = randomBytes(24).toString('base64url');
  const maxUpload = options.maxUploadBytes ?? 4 * 1024 ** 3;
  const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctb-upload-'));
  fs.chmodSync(uploadDir, 0o700);
  let port = 0;

  const tokenOk = (candidate: string | null): boolean => {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const hostOk = (host: string | undefined) => host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  const originOk = (origin: string | undefined) => origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;

  const sendJson = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(JSON.stringify(body));
  };

  const serveStatic = (pathname: string, res: http.ServerResponse) => {
    const relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    const file = path.resolve(rendererDir, `.${relative}`);
    if (!file.startsWith(path.resolve(rendererDir) + path.sep)) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found.' } });
    fs.stat(file, (err, stat) => {
      if (err || !stat.isFile()) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found.' } });
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-length': stat.size,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
      fs.createReadStream(file).pipe(res);
    });
  };

  const handleUpload = async (url: URL, req: http.IncomingMessage, res: http.ServerResponse) => {
    const name = path.basename(url.searchParams.get('name') ?? '').trim() || 'upload';
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxUpload) return sendJson(res, 413, { error: { code: 'FILE_UNREADABLE', message: `${name} is larger than this app accepts.` } });
    const target = path.join(uploadDir, `${randomBytes(8).toString('hex')}-${name.replace(/[^\w.\- ]/g, '_')}`);
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxUpload) req.destroy(new Error('too large'));
    });
    try {
      await pipeline(req, fs.createWriteStream(target, { mode: 0o600 }));
      const ref = services.files.register(target, { name, temporary: true });
      sendJson(res, 200, ref);
    } catch (e) {
      fs.rmSync(target, { force: true });
      log.warn('upload failed', e);
      if (!res.headersSent) sendJson(res, 400, { error: { code: 'FILE_UNREADABLE', message: `${name} could not be received. Try again.` } });
    }
  };

  const server = http.createServer((req, res) => {
    if (!hostOk(req.headers.host)) return sendJson(res, 403, { error: { code: 'FORBIDDEN', message: 'Wrong host.' } });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === LOOPBACK_UPLOAD_PATH) {
      if (req.method !== 'POST') return sendJson(res, 405, { error: { code: 'BAD_REQUEST', message: 'Use POST.' } });
      if (!tokenOk(url.searchParams.get('token')) || !originOk(req.headers.origin)) return sendJson(res, 403, { error: { code: 'FORBIDDEN', message: 'Missing or wrong token.' } });
      void handleUpload(url, req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: { code: 'BAD_REQUEST', message: 'Not allowed.' } });
    const download = /^\/download\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (download) {
      if (!tokenOk(url.searchParams.get('token'))) return sendJson(res, 403, { error: { code: 'FORBIDDEN', message: 'Missing or wrong token.' } });
      const d = services.downloads.get(download[1]);
      if (!d || !fs.existsSync(d.path)) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'That report is no longer available. Export it again.' } });
      res.writeHead(200, {
        'content-type': d.name.endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${d.name.replace(/"/g, '')}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      fs.createReadStream(d.path).pipe(res);
      return;
    }
    serveStatic(url.pathname, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== LOOPBACK_API_PATH || !hostOk(req.headers.host) || !originOk(req.headers.origin) || !tokenOk(url.searchParams.get('token'))) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const send = (ws: WebSocket, message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        return;
      }
      const msg = clientMessage.safeParse(parsed);
      if (!msg.success) {
        log.warn('malformed loopback message ignored');
        return;
      }
      void dispatch(services.handlers, msg.data.method, msg.data.request, log).then((envelope) => send(ws, { kind: 'result', id: msg.data.id, envelope }));
    });
  });
  const unsubscribe = services.events.subscribe((event, payload) => {
    for (const ws of wss.clients) send(ws, { kind: 'event', event, payload });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new AppError('UNSUPPORTED', `Port ${options.port} is already in use. Choose another with --port.`) : e),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      fs.rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

