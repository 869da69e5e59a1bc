/**
 * A real HTTP server on 127.0.0.1 (port 0) for adapter tests. It records every request and
 * answers from a queue of canned responses. A request with no canned response left, or one
 * that does not match the canned response's expectation, is answered 599 and recorded as
 * unexpected; `close()` then throws, which fails the test that owns the server.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CannedResponse {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** An object or array is sent as JSON; a string is sent as is. */
  body?: unknown;
  /** Never answer (response-timeout tests). */
  hang?: boolean;
  /** Destroy the connection once the request has been read (reset tests). */
  destroy?: boolean;
  /** When given, a request with another method or path is unexpected. */
  expect?: { method?: string; path?: string };
}

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Raw body. */
  body: string;
}

export interface TestServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests that were not expected; close() throws when there are any. */
  readonly unexpected: string[];
  /** Queues canned responses, answered in order. */
  reply(...responses: CannedResponse[]): void;
  /** The recorded body parsed as JSON. */
  json(index?: number): unknown;
  /** The recorded body parsed as form-urlencoded. */
  form(index?: number): URLSearchParams;
  /** Closes the server. Throws on unexpected requests or unused canned responses (unless allowUnused). */
  close(options?: { allowUnused?: boolean }): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const queue: CannedResponse[] = [];
  const requests: RecordedRequest[] = [];
  const unexpected: string[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const parsed = new URL(url, 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url,
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const canned = queue.shift();
      const label = `${recorded.method} ${url}`;
      if (!canned) {
        unexpected.push(`${label} (no canned response left)`);
        return send(res, { status: 599, body: { error: 'unexpected request' } });
      }
      if (
        (canned.expect?.method && canned.expect.method !== recorded.method) ||
        (canned.expect?.path && canned.expect.path !== recorded.path)
      ) {
        unexpected.push(`${label} (expected ${canned.expect.method ?? '*'} ${canned.expect.path ?? '*'})`);
        return send(res, { status: 599, body: { error: 'unexpected request' } });
      }
      if (canned.hang) return;
      if (canned.destroy) {
        req.socket.destroy();
        return;
      }
      send(res, canned);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    unexpected,
    reply(...responses) {
      queue.push(...responses);
    },
    json(index = requests.length - 1) {
      return JSON.parse(requireRequest(requests, index).body) as unknown;
    },
    form(index = requests.length - 1) {
      return new URLSearchParams(requireRequest(requests, index).body);
    },
    async close(options = {}) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const problems = [...unexpected.map((u) => `unexpected request: ${u}`)];
      if (!options.allowUnused && queue.length > 0) problems.push(`${queue.length} canned response(s) never requested`);
      if (problems.length > 0) throw new Error(problems.join('\n'));
    },
  };
}

/** A port on 127.0.0.1 where nothing listens (connection refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function requireRequest(requests: RecordedRequest[], index: number): RecordedRequest {
  const r = requests[index];
  if (!r) throw new Error(`no request #${index} was recorded`);
  return r;
}

function send(res: ServerResponse, canned: CannedResponse): void {
  const status = canned.status ?? 200;
  const headers: Record<string, string> = { ...canned.headers };
  let payload = '';
  if (typeof canned.body === 'string') payload = canned.body;
  else if (canned.body !== undefined) {
    payload = JSON.stringify(canned.body);
    headers['content-type'] ??= 'application/json';
  }
  res.writeHead(status, headers);
  res.end(payload);
}
