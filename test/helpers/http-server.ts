/**
 * A real HTTP server on 127.0.0.1 (port 0) for adapter tests. It records every request and
 * answers it from a route or from a queue of canned responses.
 *
 * How a request is answered (decided when its headers arrive):
 *  1. Routes (`route(match, handler)`) are tried in the order they were added; the first one
 *     whose method and path match answers. `path` is a string (equal to the path, query
 *     excluded) or a RegExp (tested against the path); an omitted method or path matches any.
 *     The handler is called once the body has been read, with the recorded request and `nth`,
 *     the 1-based count of requests this route has matched so far (arrival order). Requests
 *     in flight at the same time are answered independently, in whatever order their handlers
 *     (and `delayMs`) finish.
 *  2. If no route matches, the queue (`reply(...)`) is used as before: canned responses are
 *     used in the order requests arrive, and a canned response with `expect` that does not
 *     match makes the request unexpected.
 *  3. If neither, the request is answered 599 and recorded as unexpected.
 * `close()` throws when there was any unexpected request (including a handler that threw) or
 * a canned response was never used (unless allowUnused), which fails the test that owns it.
 * Routes that were never matched are not an error; assert on `route(...).calls` for that.
 *
 * Faults: `delayMs` answers late (to make concurrent requests overlap), `hang` never answers
 * (`close()` still destroys the connection at once), `destroy` drops the connection after the
 * body was read, `destroyBeforeBody` drops it as soon as the headers arrive. A request dropped
 * before its body was read IS recorded, with `complete: false` and the body '' (so is a request
 * whose client went away mid-body, with what had arrived). A route decides before the body only
 * through its `beforeBody` option; a handler cannot return `destroyBeforeBody`, since by then the
 * body has been read (that is recorded as unexpected).
 *
 * `maxInFlight` is the highest number of requests handled at the same time, each counted from
 * the moment its headers arrive until its response has ended or its connection was destroyed.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface CannedResponse {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** An object or array is sent as JSON; a string is sent as is. */
  body?: unknown;
  /** Wait this long before answering (or before hang/destroy). */
  delayMs?: number;
  /** Never answer (response-timeout tests). */
  hang?: boolean;
  /** Destroy the connection once the request has been read (reset tests). */
  destroy?: boolean;
  /**
   * Destroy the connection as soon as the request headers arrive, before the body is read (a
   * connection dropped before the provider read the request). Honoured from the queue and from a
   * route's `beforeBody`; the request is recorded with `complete: false`.
   */
  destroyBeforeBody?: boolean;
  /** Queue only: when given, a request with another method or path is unexpected. */
  expect?: { method?: string; path?: string };
}

/** What is known about a request when its headers arrive. */
export interface RequestHead {
  method: string;
  /** Path and query, as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface RecordedRequest extends RequestHead {
  /** Raw body ('' when it was not read). */
  body: string;
  /** Whether the whole body was read (false: dropped before the body, or the client went away mid-body). */
  complete: boolean;
}

export interface RouteMatch {
  /** e.g. 'POST'; omitted: any method. */
  method?: string;
  /** Equal to the path (query excluded), or a RegExp tested against it; omitted: any path. */
  path?: string | RegExp;
}

export type RouteHandler = (req: RecordedRequest, nth: number) => CannedResponse | Promise<CannedResponse>;

export interface RouteOptions {
  /**
   * Called when the headers of a matched request arrive, before its body is read. Return a
   * response (typically `{ destroyBeforeBody: true }`) to answer without reading the body and
   * without calling the handler; return undefined to go on as usual.
   */
  beforeBody?: (head: RequestHead, nth: number) => CannedResponse | undefined;
}

export interface RouteHandle {
  /** How many requests this route has matched so far (live). */
  readonly calls: number;
}

export interface RequestFilter {
  method?: string;
  path?: string | RegExp;
  complete?: boolean;
}

export interface TestServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Every request, in the order it was recorded (when its body was read, or when it was dropped). */
  readonly requests: RecordedRequest[];
  /** Requests that were not expected; close() throws when there are any. */
  readonly unexpected: string[];
  /** The highest number of requests in flight at the same time so far. */
  readonly maxInFlight: number;
  /** Requests in flight right now. */
  readonly inFlight: number;
  /** Queues canned responses, answered in order. */
  reply(...responses: CannedResponse[]): void;
  /** Answers requests matching `match` with `handler`; see the file header for precedence. */
  route(match: RouteMatch, handler: RouteHandler, options?: RouteOptions): RouteHandle;
  /** Recorded requests matching the filter (all when omitted), in recorded order. */
  bodies(filter?: RequestFilter): RecordedRequest[];
  /** The recorded body parsed as JSON. */
  json(index?: number): unknown;
  /** The recorded body parsed as form-urlencoded. */
  form(index?: number): URLSearchParams;
  /** Closes the server. Throws on unexpected requests or unused canned responses (unless allowUnused). */
  close(options?: { allowUnused?: boolean }): Promise<void>;
}

interface Route extends RouteOptions {
  match: RouteMatch;
  handler: RouteHandler;
  handle: { calls: number };
}

/** How a request is to be answered, decided from its headers. */
type Plan =
  | { kind: 'route'; route: Route; nth: number }
  | { kind: 'canned'; canned: CannedResponse }
  | { kind: 'unexpected'; reason: string };

const UNEXPECTED: CannedResponse = { status: 599, body: { error: 'unexpected request' } };

export async function startTestServer(): Promise<TestServer> {
  const queue: CannedResponse[] = [];
  const routes: Route[] = [];
  const requests: RecordedRequest[] = [];
  const unexpected: string[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxInFlight = 0;
  let closed = false;

  const plan = (head: RequestHead): Plan => {
    const route = routes.find((r) => matches(r.match, head));
    if (route) {
      route.handle.calls += 1;
      return { kind: 'route', route, nth: route.handle.calls };
    }
    const canned = queue.shift();
    if (!canned) {
      const reason = routes.length > 0 ? 'no route matched and no canned response left' : 'no canned response left';
      return { kind: 'unexpected', reason };
    }
    if (
      (canned.expect?.method && canned.expect.method !== head.method) ||
      (canned.expect?.path && canned.expect.path !== head.path)
    ) {
      return { kind: 'unexpected', reason: `expected ${canned.expect.method ?? '*'} ${canned.expect.path ?? '*'}` };
    }
    return { kind: 'canned', canned };
  };

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  /** Answers (or hangs, or drops) as `canned` says, after its delay. */
  const answer = async (req: IncomingMessage, res: ServerResponse, canned: CannedResponse): Promise<void> => {
    if (canned.delayMs && canned.delayMs > 0) await wait(canned.delayMs);
    if (closed || res.destroyed || res.writableEnded) return;
    if (canned.hang) return;
    if (canned.destroy || canned.destroyBeforeBody) {
      req.socket.destroy();
      return;
    }
    send(res, canned);
  };

  const server: Server = createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight -= 1;
    };
    res.once('finish', finish);
    res.once('close', finish);

    const url = req.url ?? '/';
    const parsed = new URL(url, 'http://127.0.0.1');
    const head: RequestHead = {
      method: req.method ?? '',
      url,
      path: parsed.pathname,
      query: parsed.searchParams,
      headers: req.headers,
    };
    const label = `${head.method} ${url}`;
    const decided = plan(head);
    if (decided.kind === 'unexpected') unexpected.push(`${label} (${decided.reason})`);

    // Answered from the headers alone, without reading the body.
    let early: CannedResponse | undefined;
    if (decided.kind === 'canned' && decided.canned.destroyBeforeBody) early = decided.canned;
    if (decided.kind === 'route' && decided.route.beforeBody) {
      try {
        early = decided.route.beforeBody(head, decided.nth);
      } catch (err) {
        unexpected.push(`${label} (beforeBody threw: ${errorText(err)})`);
        early = UNEXPECTED;
      }
    }
    if (early) {
      requests.push({ ...head, body: '', complete: false });
      void answer(req, res, early);
      return;
    }

    const chunks: Buffer[] = [];
    let ended = false;
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('close', () => {
      // The client went away before the whole body arrived: record what there was.
      if (!ended) requests.push({ ...head, body: Buffer.concat(chunks).toString('utf8'), complete: false });
    });
    req.on('end', () => {
      ended = true;
      const recorded: RecordedRequest = { ...head, body: Buffer.concat(chunks).toString('utf8'), complete: true };
      requests.push(recorded);
      if (decided.kind === 'unexpected') return void answer(req, res, UNEXPECTED);
      if (decided.kind === 'canned') return void answer(req, res, decided.canned);
      void (async () => {
        let canned: CannedResponse;
        try {
          canned = await decided.route.handler(recorded, decided.nth);
        } catch (err) {
          unexpected.push(`${label} (route handler threw: ${errorText(err)})`);
          canned = UNEXPECTED;
        }
        if (canned.destroyBeforeBody) {
          unexpected.push(`${label} (a handler returned destroyBeforeBody after the body was read; use the route's beforeBody option)`);
          canned = { destroy: true };
        }
        await answer(req, res, canned);
      })();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    unexpected,
    get maxInFlight() {
      return maxInFlight;
    },
    get inFlight() {
      return inFlight;
    },
    reply(...responses) {
      queue.push(...responses);
    },
    route(match, handler, options = {}) {
      const handle = { calls: 0 };
      routes.push({ match, handler, handle, ...options });
      return handle;
    },
    bodies(filter = {}) {
      return requests.filter(
        (r) =>
          matches({ method: filter.method, path: filter.path }, r) &&
          (filter.complete === undefined || r.complete === filter.complete),
      );
    },
    json(index = requests.length - 1) {
      return JSON.parse(requireRequest(requests, index).body) as unknown;
    },
    form(index = requests.length - 1) {
      return new URLSearchParams(requireRequest(requests, index).body);
    },
    async close(options = {}) {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
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

function matches(match: RouteMatch, req: { method: string; path: string }): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== req.method.toUpperCase()) return false;
  if (match.path === undefined) return true;
  if (typeof match.path === 'string') return match.path === req.path;
  match.path.lastIndex = 0; // a /g or /y RegExp keeps state between tests
  return match.path.test(req.path);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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
