/** A webhook/callback receiver for tests: 127.0.0.1:0, records every request, can fail on purpose. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Receiver {
  url: string;
  got: Received[];
  /** Status to answer the next requests with (shifted per request), then 200. */
  failWith: number[];
  close(): Promise<void>;
}

const open: Receiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

export async function receiver(): Promise<Receiver> {
  const got: Received[] = [];
  const failWith: number[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      got.push({ method: req.method ?? '', path: u.pathname, query: u.searchParams, headers: req.headers, body });
      res.writeHead(failWith.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const r: Receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    got,
    failWith,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(r);
  return r;
}

/** The receiver's own check, written from NOTES.md, sharing nothing with the sandbox's signer. */
export function signatureValid(r: Received, secret: string): boolean {
  const header = String(r.headers['x-webhook-signature'] ?? '');
  const t = /(?:^|,)t=(\d+)/.exec(header)?.[1];
  const v1s = [...header.matchAll(/(?:^|,)v1=([0-9a-f]{64})/g)].map((m) => m[1]!);
  if (!t || v1s.length === 0 || r.headers['x-webhook-timestamp'] !== t) return false;
  const want = createHmac('sha256', secret).update(`${t}.${r.body}`).digest();
  return v1s.some((v) => timingSafeEqual(Buffer.from(v, 'hex'), want));
}
