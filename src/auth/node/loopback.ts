// The loopback redirect server (Node only: the one module of src/auth/ that imports `http`). It listens on
// 127.0.0.1 for one sign-in and checks `state` before anything else: a request with a missing or wrong state
// (any local process or web page can call it) gets a plain-text 400, reflects nothing and is otherwise ignored:
// it neither completes nor aborts the pending sign-in. The first request with the right state settles `result`
// with what it carried (a code or an error), for the caller to judge. No vscode import: the pages are passed in.
import * as http from 'http';
import type { AddressInfo } from 'net';
import { parseRedirect, type RedirectParams } from '../../api/oauth';

export interface LoopbackPages {
  /** Complete HTML pages shown in the browser. Fixed text only: never anything from the request. */
  success: string;
  failure: string;
}

export interface Loopback {
  /** The redirect URI to send, http://127.0.0.1:PORT/callback */
  uri: string;
  /** Settles with the first callback that carries the expected state. */
  result: Promise<RedirectParams>;
  close(): void;
}

export async function startLoopback(port: number, expectedState: string, pages: LoopbackPages): Promise<Loopback> {
  let resolve!: (r: RedirectParams) => void;
  const result = new Promise<RedirectParams>((r) => (resolve = r));
  let done = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const r = parseRedirect(url.search);
    if (done || !r.state || r.state !== expectedState) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('Bad request');
      return;
    }
    done = true;
    const ok = !!r.code && !r.error;
    res.writeHead(ok ? 200 : 400, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(ok ? pages.success : pages.failure);
    resolve(r);
  });
  const listen = (p: number) =>
    new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(p, '127.0.0.1', () => ok());
    });
  try {
    await listen(port);
  } catch {
    // The documented port is busy: any loopback port is valid for a native app (RFC 8252 §7.3).
    await listen(0);
  }
  const actual = (server.address() as AddressInfo).port;
  return { uri: `http://127.0.0.1:${actual}/callback`, result, close: () => server.close() };
}
