/**
 * The test HTTP server itself: routes (method + path, nth counting, async handlers), fault
 * injection, the concurrency gauge, and that the canned-response queue works as before.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import { startTestServer, type CannedResponse, type TestServer } from './http-server.js';
import { settlesWithin, waitFor } from './wait.js';

const agent = new Agent();
const open: TestServer[] = [];

async function serve(): Promise<TestServer> {
  const s = await startTestServer();
  open.push(s);
  return s;
}

afterEach(async () => {
  for (const s of open.splice(0)) await s.close({ allowUnused: true }).catch(() => {});
});
afterAll(() => agent.close());

interface Answer {
  status: number;
  body: string;
}

async function call(server: TestServer, method: string, path: string, json?: unknown): Promise<Answer> {
  const res = await request(`${server.url}${path}`, {
    method: method as 'GET',
    dispatcher: agent,
    ...(json === undefined ? {} : { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } }),
  });
  return { status: res.statusCode, body: await res.body.text() };
}

async function callError(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the request to fail');
}

describe('routes', () => {
  it('match by method and string path, first matching route wins', async () => {
    const server = await serve();
    const getA = server.route({ method: 'GET', path: '/a' }, () => ({ body: 'get a' }));
    const postA = server.route({ method: 'POST', path: '/a' }, () => ({ status: 201, body: 'post a' }));
    const anyA = server.route({ path: '/a' }, () => ({ body: 'any a' }));
    const shadowed = server.route({ method: 'GET', path: '/a' }, () => ({ body: 'never' }));

    expect(await call(server, 'GET', '/a?x=1')).toEqual({ status: 200, body: 'get a' });
    expect(await call(server, 'POST', '/a', {})).toEqual({ status: 201, body: 'post a' });
    expect(await call(server, 'PUT', '/a', {})).toEqual({ status: 200, body: 'any a' });
    expect(await call(server, 'GET', '/a')).toEqual({ status: 200, body: 'get a' });
    expect([getA.calls, postA.calls, anyA.calls, shadowed.calls]).toEqual([2, 1, 1, 0]);
    await server.close();
  });

  it('match a RegExp against the path (query excluded)', async () => {
    const server = await serve();
    const status = server.route({ method: 'GET', path: /^\/sms\/(\w+)$/ }, (req) => ({
      body: { id: /^\/sms\/(\w+)$/.exec(req.path)?.[1], after: req.query.get('after') },
    }));
    expect(JSON.parse((await call(server, 'GET', '/sms/u1?after=5')).body)).toEqual({ id: 'u1', after: '5' });
    expect(JSON.parse((await call(server, 'GET', '/sms/u2')).body)).toEqual({ id: 'u2', after: null });
    expect(status.calls).toBe(2);
    await server.close();
  });

  it('a global RegExp matches every time (its lastIndex is reset)', async () => {
    const server = await serve();
    const r = server.route({ path: /\/x/g }, () => ({ status: 204 }));
    for (let i = 0; i < 3; i++) expect((await call(server, 'GET', '/x')).status).toBe(204);
    expect(r.calls).toBe(3);
    await server.close();
  });

  it('passes nth, the 1-based count of matches of this route, so a test can fail the 3rd send', async () => {
    const server = await serve();
    const seen: Array<[number, unknown]> = [];
    const sends = server.route({ method: 'POST', path: '/sms' }, (req, nth) => {
      seen.push([nth, JSON.parse(req.body)]);
      return nth === 3 ? { status: 500, body: { error: 'boom' } } : { status: 201, body: { n: nth } };
    });
    server.route({ method: 'GET', path: '/credit' }, (_req, nth) => ({ body: { credit: 100 - nth } }));

    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) {
      statuses.push((await call(server, 'POST', '/sms', { batch: i })).status);
      await call(server, 'GET', '/credit'); // another route's matches do not count
    }
    expect(statuses).toEqual([201, 201, 500, 201]);
    expect(seen).toEqual([
      [1, { batch: 1 }],
      [2, { batch: 2 }],
      [3, { batch: 3 }],
      [4, { batch: 4 }],
    ]);
    expect(sends.calls).toBe(4);
    await server.close();
  });

  it('a route takes precedence over the queue; the queue answers what no route matches', async () => {
    const server = await serve();
    server.route({ method: 'POST', path: '/sms' }, () => ({ body: 'route' }));
    server.reply({ expect: { method: 'GET', path: '/credit' }, body: 'queue 1' }, { body: 'queue 2' });
    expect((await call(server, 'POST', '/sms', {})).body).toBe('route');
    expect((await call(server, 'GET', '/credit')).body).toBe('queue 1');
    expect((await call(server, 'POST', '/sms', {})).body).toBe('route');
    expect((await call(server, 'GET', '/other')).body).toBe('queue 2');
    await server.close();
  });

  it('a handler that throws answers 599 and makes close() throw', async () => {
    const server = await serve();
    server.route({ path: '/x' }, () => {
      throw new Error('handler bug');
    });
    expect((await call(server, 'GET', '/x')).status).toBe(599);
    await expect(server.close()).rejects.toThrow(/GET \/x \(route handler threw: handler bug\)/);
  });
});

describe('concurrency', () => {
  it('async handlers with delayMs overlap, answer in any order, and maxInFlight sees it', async () => {
    const server = await serve();
    const finished: number[] = [];
    server.route({ method: 'POST', path: '/sms' }, async (req) => {
      const { id, wait } = JSON.parse(req.body) as { id: number; wait: number };
      await Promise.resolve();
      return { delayMs: wait, status: 201, body: { id } };
    });
    const sends = [
      { id: 1, wait: 300 },
      { id: 2, wait: 200 },
      { id: 3, wait: 100 },
    ].map(async (b) => {
      const a = await call(server, 'POST', '/sms', b);
      finished.push((JSON.parse(a.body) as { id: number }).id);
      return a.status;
    });
    expect(await Promise.all(sends)).toEqual([201, 201, 201]);
    expect(server.maxInFlight).toBeGreaterThanOrEqual(2);
    expect(server.maxInFlight).toBe(3);
    expect(finished).toEqual([3, 2, 1]);
    expect(server.inFlight).toBe(0);
    await server.close();
  });

  it('sequential requests never exceed one in flight', async () => {
    const server = await serve();
    server.route({}, () => ({ delayMs: 20 }));
    for (let i = 0; i < 3; i++) await call(server, 'GET', '/x');
    expect(server.maxInFlight).toBe(1);
    await server.close();
  });

  it('a hung request counts as in flight until close(), which ends it promptly', async () => {
    const server = await serve();
    server.reply({ hang: true });
    server.route({ path: '/slow' }, () => ({ delayMs: 60_000 }));
    const hung = callError(call(server, 'POST', '/hang', { a: 1 }));
    const slow = callError(call(server, 'GET', '/slow'));
    await waitFor(() => server.inFlight === 2, { what: 'both requests to be in flight' });
    // The slow route answers after 60 s and the hung one never: close() must end both itself.
    await settlesWithin(server.close(), 10_000, 'close() with a hung and a 60 s request in flight');
    expect((await hung).message).toMatch(/other side closed|socket|reset/i);
    expect((await slow).message).toMatch(/other side closed|socket|reset/i);
    expect(server.maxInFlight).toBe(2);
    expect(server.requests.map((r) => r.complete)).toEqual([true, true]);
  });
});

describe('faults', () => {
  it('destroyBeforeBody (queue): the client errors; the request is recorded, complete: false, body empty', async () => {
    const server = await serve();
    server.reply({ destroyBeforeBody: true, expect: { method: 'POST', path: '/sms' } }, { body: 'next' });
    const err = await callError(call(server, 'POST', '/sms', { to: ['0812345678'] }));
    expect(err.message).toMatch(/other side closed|socket|reset|EPIPE/i);
    expect((await call(server, 'POST', '/sms', { to: ['0812345678'] })).body).toBe('next');
    expect(server.requests.map((r) => [r.method, r.path, r.complete, r.body])).toEqual([
      ['POST', '/sms', false, ''],
      ['POST', '/sms', true, '{"to":["0812345678"]}'],
    ]);
    expect(server.inFlight).toBe(0);
    await server.close();
  });

  it("destroyBeforeBody (route): beforeBody drops the 2nd send without calling the handler", async () => {
    const server = await serve();
    const handled: number[] = [];
    const sends = server.route(
      { method: 'POST', path: '/sms' },
      (_req, nth) => {
        handled.push(nth);
        return { status: 201 };
      },
      { beforeBody: (head, nth) => (nth === 2 && head.method === 'POST' ? { destroyBeforeBody: true } : undefined) },
    );
    expect((await call(server, 'POST', '/sms', { b: 1 })).status).toBe(201);
    await callError(call(server, 'POST', '/sms', { b: 2 }));
    expect((await call(server, 'POST', '/sms', { b: 3 })).status).toBe(201);
    expect(handled).toEqual([1, 3]);
    expect(sends.calls).toBe(3);
    expect(server.bodies({ complete: false })).toHaveLength(1);
    expect(server.bodies({ complete: true }).map((r) => r.body)).toEqual(['{"b":1}', '{"b":3}']);
    await server.close();
  });

  it('a handler cannot return destroyBeforeBody (the body is already read): recorded as unexpected', async () => {
    const server = await serve();
    server.route({ path: '/sms' }, () => ({ destroyBeforeBody: true }));
    await callError(call(server, 'POST', '/sms', {}));
    await expect(server.close()).rejects.toThrow(/use the route's beforeBody option/);
  });

  it('destroy drops the connection after the body was read (recorded complete: true)', async () => {
    const server = await serve();
    server.route({ path: '/sms' }, () => ({ destroy: true, delayMs: 10 }));
    await callError(call(server, 'POST', '/sms', { x: 1 }));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ complete: true, body: '{"x":1}' });
    await server.close();
  });
});

describe('unmatched requests and the queue', () => {
  it('a request no route and no canned response answers is 599, recorded, and close() throws', async () => {
    const server = await serve();
    server.route({ method: 'POST', path: '/sms' }, () => ({ status: 201 }));
    expect((await call(server, 'GET', '/sms')).status).toBe(599);
    expect(server.unexpected).toEqual(['GET /sms (no route matched and no canned response left)']);
    expect(server.requests).toHaveLength(1);
    await expect(server.close()).rejects.toThrow(/unexpected request: GET \/sms/);
  });

  it('the queue works as before when no route is added', async () => {
    const server = await serve();
    server.reply(
      { expect: { method: 'GET', path: '/credit' }, body: { remaining_credit: 10 } },
      { status: 400, headers: { 'x-k': 'v' }, body: 'bad' },
    );
    const a = await call(server, 'GET', '/credit');
    expect(a).toEqual({ status: 200, body: '{"remaining_credit":10}' });
    expect((await call(server, 'POST', '/sms', { a: 1 })).status).toBe(400);
    expect(server.json()).toEqual({ a: 1 });
    expect(() => server.json(0)).toThrow(); // the GET had no body
    expect((await call(server, 'GET', '/nothing-left')).status).toBe(599);
    expect(server.unexpected).toEqual(['GET /nothing-left (no canned response left)']);
    await expect(server.close()).rejects.toThrow(/no canned response left/);
  });

  it('an expect mismatch is unexpected; unused canned responses make close() throw unless allowed', async () => {
    const server = await serve();
    server.reply({ expect: { method: 'POST', path: '/sms' } }, { body: 'unused' });
    expect((await call(server, 'GET', '/credit')).status).toBe(599);
    expect(server.unexpected).toEqual(['GET /credit (expected POST /sms)']);
    await expect(server.close()).rejects.toThrow(/unexpected request: GET \/credit[\s\S]*1 canned response\(s\) never requested/);

    const other = await serve();
    other.reply({ body: 'unused' });
    await other.close({ allowUnused: true });
  });

  it('form() and bodies() read what was recorded', async () => {
    const server = await serve();
    const ok: CannedResponse = { status: 204 };
    server.reply(ok, ok, ok);
    await request(`${server.url}/sms`, {
      method: 'POST',
      dispatcher: agent,
      body: 'msisdn=0812345678&message=hi',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }).then((r) => r.body.dump());
    await call(server, 'GET', '/credit');
    await call(server, 'POST', '/otp', {});
    expect(server.form(0).get('msisdn')).toBe('0812345678');
    expect(server.bodies().map((r) => r.path)).toEqual(['/sms', '/credit', '/otp']);
    expect(server.bodies({ method: 'POST' }).map((r) => r.path)).toEqual(['/sms', '/otp']);
    expect(server.bodies({ method: 'post', path: /^\/s/ }).map((r) => r.body)).toEqual(['msisdn=0812345678&message=hi']);
    expect(server.bodies({ path: '/credit' })).toHaveLength(1);
    await server.close();
  });
});
