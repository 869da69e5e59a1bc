import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';
import { HttpClient, MAX_RETRY_WAIT_MS, backoff, joinUrl, parseRetryAfter, withQuery } from '../../src/providers/http.js';
import type { HttpClientConfig } from '../../src/providers/http.js';
import { DEFAULT_BASE_URLS, createProvider } from '../../src/providers/index.js';
import { toBangkokIso } from '../../src/providers/shared.js';
import { runCli } from '../../src/cli/run.js';
import { fakeContext } from '../helpers/context.js';
import { tempConfigDir } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { catchError } from './fixtures.js';

const noErrorShape = (): Record<string, never> => ({});

function client(http: Partial<HttpClientConfig['http']> = {}, secrets: string[] = []): HttpClient {
  return new HttpClient({
    providerName: 'Test',
    http: { userAgent: 'smsctl/test', sleep: async () => {}, ...http },
    secrets,
    parseError: noErrorShape,
    authHint: "check the profile's API key",
  });
}

describe('helpers', () => {
  it('joins base URLs with and without a trailing slash or a path', () => {
    expect(joinUrl('https://sepsms.com/api/v2', '/message/send')).toBe('https://sepsms.com/api/v2/message/send');
    expect(joinUrl('https://sepsms.com/api/v2/', 'message/send')).toBe('https://sepsms.com/api/v2/message/send');
    expect(joinUrl('http://127.0.0.1:8787', '/sms')).toBe('http://127.0.0.1:8787/sms');
    expect(() => joinUrl('sepsms.com', '/x')).toThrow(/Invalid base URL/);
    expect(() => joinUrl('ftp://x', '/x')).toThrow(/Invalid base URL/);
  });

  it('adds only defined query parameters', () => {
    expect(withQuery('http://h/p', { a: 1, b: undefined, c: 'x y' })).toBe('http://h/p?a=1&c=x+y');
    expect(withQuery('http://h/p', { b: undefined })).toBe('http://h/p');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter(['5'], now)).toBe(5);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:12 GMT', now)).toBe(12);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('backs off exponentially with full jitter, capped at 60 s', () => {
    // The upper bound doubles from 0.5 s; the wait is a random share of it.
    expect([1, 2, 3, 4].map((n) => backoff(n, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect(backoff(1, () => 0)).toBe(0);
    expect(backoff(3, () => 0.5)).toBe(1000);
    expect(backoff(2, () => 0.3337)).toBe(334);
    expect(backoff(8, () => 1)).toBe(MAX_RETRY_WAIT_MS);
    expect(backoff(40, () => 1)).toBe(60_000);
    for (let i = 0; i < 200; i++) {
      const ms = backoff(1);
      expect(Number.isInteger(ms) && ms >= 0 && ms <= 500).toBe(true);
    }
  });

  it('formats schedules in Bangkok time', () => {
    expect(toBangkokIso(new Date('2020-12-17T10:12:00Z'))).toBe('2020-12-17T17:12:00+07:00');
    expect(toBangkokIso(new Date('2026-12-31T20:00:00Z'))).toBe('2027-01-01T03:00:00+07:00');
  });
});

describe('HttpClient', () => {
  let server: TestServer | undefined;
  const clients: HttpClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await server?.close();
    server = undefined;
  });

  it('uses an injected dispatcher (MockAgent, no network)', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('https://sepsms.com')
      .intercept({ path: '/api/v2/message/credit/balance', method: 'GET', headers: { 'user-agent': 'smsctl/test', 'x-api-key': 'sk_sep_mockmockmockmock' } })
      .reply(200, { result: { balance: 7 } });
    const provider = createProvider(
      'sepsms',
      { baseUrl: DEFAULT_BASE_URLS.sepsms.baseUrl, credentials: { apiKey: 'sk_sep_mockmockmockmock' } },
      { userAgent: 'smsctl/test', dispatcher: agent },
    );
    expect(await provider.balance()).toEqual({ balance: 7 });
    await provider.close?.();
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it('accepts an empty 2xx body', async () => {
    server = await startTestServer();
    const c = client();
    clients.push(c);
    server.reply({ status: 204 });
    const res = await c.request({ method: 'POST', url: `${server.url}/x`, json: {} });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
  });

  it('retries a GET after a response timeout', async () => {
    server = await startTestServer();
    const c = client({ responseTimeoutMs: 100 });
    clients.push(c);
    server.reply({ hang: true }, { body: { ok: true } });
    const res = await c.request({ method: 'GET', url: `${server.url}/x` });
    expect(res.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it('a GET that keeps timing out ends as NETWORK_TIMEOUT', async () => {
    server = await startTestServer();
    const c = client({ responseTimeoutMs: 100, maxAttempts: 2 });
    clients.push(c);
    server.reply({ hang: true }, { hang: true });
    const err = await catchError(c.request({ method: 'GET', url: `${server.url}/x` }));
    expect(err.code).toBe('NETWORK_TIMEOUT');
    expect(err.outcomeUnknown).toBe(false);
  });

  it('quotes a plain-text error body, and redacts secrets from it', async () => {
    server = await startTestServer();
    const secret = 'sk_sep_0123456789abcdefXYZ';
    const c = client({}, [secret]);
    clients.push(c);
    server.reply({ status: 422, body: `bad key ${secret}` });
    const err = await catchError(c.request({ method: 'POST', url: `${server.url}/x`, json: { a: 1 } }));
    expect(err.code).toBe('PROVIDER_REJECTED');
    expect(err.message).not.toContain(secret);
    expect(err.providerMessage).not.toContain(secret);
    expect(err.message).toContain('"bad key sk_sep_012…XYZ"');
  });

  it('turns an abort into an interrupted error', async () => {
    server = await startTestServer();
    const c = client();
    clients.push(c);
    server.reply({ hang: true });
    const ac = new AbortController();
    const pending = catchError(c.request({ method: 'POST', url: `${server.url}/x`, json: {}, signal: ac.signal }));
    // Aborted once the request is at the server: it may have been processed, so the outcome is unknown.
    await waitFor(() => server!.inFlight === 1, { what: 'the request to reach the server' });
    ac.abort();
    const err = await pending;
    expect(err.kind).toBe('interrupted');
    expect(err.outcomeUnknown).toBe(true);
  });

  it('retries a 503 on a POST that is not repeatable, and reports a final 503 as outcome known', async () => {
    server = await startTestServer();
    const sleeps: number[] = [];
    const c = client({ maxAttempts: 2, sleep: async (ms) => void sleeps.push(ms) });
    clients.push(c);
    server.reply({ status: 503 }, { status: 503, body: 'down for maintenance' });
    const err = await catchError(c.request({ method: 'POST', url: `${server.url}/x`, json: { a: 1 } }));
    expect(err.code).toBe('PROVIDER_UNAVAILABLE');
    expect(err.status).toBe(503);
    expect(err.outcomeUnknown).toBe(false);
    expect(err.retryable).toBe(true);
    expect(err.message).not.toContain('may have been processed');
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeLessThanOrEqual(500);
  });

  it('does not retry a 500 or a dropped connection on a POST that is not repeatable', async () => {
    server = await startTestServer();
    const c = client();
    clients.push(c);
    server.reply({ status: 500 }, { destroy: true });
    const e500 = await catchError(c.request({ method: 'POST', url: `${server.url}/x`, json: {} }));
    expect(e500.outcomeUnknown).toBe(true);
    expect(e500.retryable).toBe(false);
    const reset = await catchError(c.request({ method: 'POST', url: `${server.url}/x`, json: {} }));
    expect(reset.code).toBe('NETWORK_TIMEOUT');
    expect(reset.outcomeUnknown).toBe(true);
    expect(reset.retryable).toBe(false);
    expect(server.requests).toHaveLength(2);
  });

  it('retries a 500, a timeout and a dropped connection on a repeatable POST', async () => {
    server = await startTestServer();
    const c = client({ responseTimeoutMs: 100 });
    clients.push(c);
    server.reply({ status: 500 }, { hang: true }, { destroy: true }, { body: { ok: true } });
    const res = await c.request({ method: 'POST', url: `${server.url}/x`, json: { a: 1 }, repeatable: true });
    expect(res.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(4);
    expect(server.requests.map((r) => r.body)).toEqual(Array(4).fill('{"a":1}'));
  });

  it("a request's maxAttempts overrides the client's", async () => {
    server = await startTestServer();
    const c = client({ maxAttempts: 6 });
    clients.push(c);
    server.reply({ status: 429 });
    const one = await catchError(c.request({ method: 'GET', url: `${server.url}/x`, maxAttempts: 1 }));
    expect(one.code).toBe('PROVIDER_RATE_LIMITED');
    expect(one.message).not.toContain('gave up');
    expect(server.requests).toHaveLength(1);
    server.reply({ status: 429 }, { status: 429 }, { status: 429 });
    const three = await catchError(c.request({ method: 'GET', url: `${server.url}/x`, maxAttempts: 3 }));
    expect(three.message).toContain('gave up after 3 attempts');
    expect(server.requests).toHaveLength(4);
  });

  it('sends a streamed body with its length, and the same bytes again on a retry', async () => {
    server = await startTestServer();
    const c = client();
    clients.push(c);
    server.reply({ status: 503 }, { body: { ok: true } });
    const pieces = ['{"a":"ก', 'ข","n":[', '1,2', ']}'];
    await c.request({
      method: 'POST',
      url: `${server.url}/x`,
      stream: { contentType: 'application/json', chunks: () => pieces, log: '(body)' },
    });
    expect(server.requests).toHaveLength(2);
    for (const r of server.requests) {
      expect(r.complete).toBe(true);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['content-length']).toBe(String(Buffer.byteLength(pieces.join(''))));
      expect(JSON.parse(r.body)).toEqual({ a: 'กข', n: [1, 2] });
    }
  });

  it('close() is safe before any request and twice', async () => {
    const c = client();
    await c.close();
    await c.close();
  });
});

describe('createProvider', () => {
  // The production hosts each provider documents (../shared/providers/NOTES.md). The MockAgent
  // refuses every other origin, and fails the test on any documented call that was not made.
  function productionHosts(): MockAgent {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('https://api-v2.thaibulksms.com')
      .intercept({ path: '/credit', method: 'GET', headers: { authorization: `Basic ${Buffer.from('tbs_key:tbs_secret').toString('base64')}` } })
      .reply(200, { remaining_credit: 11 });
    agent
      .get('https://otp.thaibulksms.com')
      .intercept({ path: '/v2/otp/request', method: 'POST', body: JSON.stringify({ key: 'otp_key', secret: 'otp_secret', msisdn: '0812345678' }) })
      .reply(200, { status: 'success', token: 'tok-1', refno: 'REF1' });
    agent
      .get('https://sepsms.com')
      .intercept({ path: '/api/v2/message/credit/balance', method: 'GET', headers: { 'x-api-key': 'sk_sep_mockmockmockmock' } })
      .reply(200, { result: { balance: 22 } });
    agent
      .get('https://me-sms.com')
      .intercept({ path: '/api/v2/sms/credit/balance', method: 'GET', headers: { 'x-api-key': 'me_mockmockmockmock' } })
      .reply(200, { result: { balance: 33 } });
    return agent;
  }

  it('a provider made with no base URL talks to the documented production hosts', async () => {
    const agent = productionHosts();
    const http = { userAgent: 'smsctl/test', dispatcher: agent };
    const tbs = createProvider('thaibulksms', { baseUrl: '', otpBaseUrl: ' ', credentials: { apiKey: 'tbs_key', apiSecret: 'tbs_secret', otpKey: 'otp_key', otpSecret: 'otp_secret' } }, http);
    const sep = createProvider('sepsms', { baseUrl: '', credentials: { apiKey: 'sk_sep_mockmockmockmock' } }, http);
    const me = createProvider('mesms', { baseUrl: '  ', credentials: { apiKey: 'me_mockmockmockmock' } }, http);
    try {
      expect(await tbs.balance()).toMatchObject({ balance: 11 });
      expect(await tbs.otpSend!({ msisdn: '66812345678' })).toEqual({ token: 'tok-1', refno: 'REF1' });
      expect(await sep.balance()).toEqual({ balance: 22 });
      expect(await me.balance()).toEqual({ balance: 33 });
      agent.assertNoPendingInterceptors();
    } finally {
      for (const p of [tbs, sep, me]) await p.close?.();
      await agent.close();
    }
  });

  it('`smsctl balance` with an environment profile and no SMSCTL_BASE_URL asks the production host', async () => {
    const agent = productionHosts();
    const tmp = tempConfigDir();
    const profiles = [
      { SMSCTL_PROVIDER: 'thaibulksms', SMSCTL_API_KEY: 'tbs_key', SMSCTL_API_SECRET: 'tbs_secret', balance: 11 },
      { SMSCTL_PROVIDER: 'sepsms', SMSCTL_API_KEY: 'sk_sep_mockmockmockmock', balance: 22 },
      { SMSCTL_PROVIDER: 'mesms', SMSCTL_API_KEY: 'me_mockmockmockmock', balance: 33 },
    ];
    try {
      for (const { balance, ...env } of profiles) {
        const io = fakeContext({ configDir: tmp.dir, env });
        io.ctx.dispatcher = agent;
        const code = await runCli(['balance', '--json'], io.ctx);
        expect({ provider: env.SMSCTL_PROVIDER, code, stderr: io.stderr() }).toEqual({ provider: env.SMSCTL_PROVIDER, code: 0, stderr: '' });
        expect(JSON.parse(io.stdout())).toMatchObject({ provider: env.SMSCTL_PROVIDER, balance });
      }
      // Only the OTP host is left: no command above asked for an OTP.
      expect(agent.pendingInterceptors().map((i) => i.origin)).toEqual(['https://otp.thaibulksms.com']);
    } finally {
      await agent.close();
      tmp.cleanup();
    }
  });
});

describe('HttpClient retries and abort', () => {
  it('stops waiting for a retry when the signal aborts', async () => {
    const server = await startTestServer();
    const waits: number[] = [];
    const c = new HttpClient({
      providerName: 'Test',
      http: { userAgent: 'smsctl/test', sleep: (ms) => (waits.push(ms), new Promise(() => {})) },
      secrets: [],
      parseError: () => ({}),
      authHint: 'x',
    });
    server.reply({ status: 429, headers: { 'Retry-After': '30' } });
    const ac = new AbortController();
    const pending = catchError(c.request({ method: 'POST', url: `${server.url}/x`, json: {}, signal: ac.signal }));
    // Aborted once the 429 came back and the retry wait (which never ends by itself) began.
    await waitFor(() => waits.length === 1, { what: 'the retry wait after the 429' });
    ac.abort();
    const err = await pending;
    expect(waits).toEqual([30_000]);
    expect(err.kind).toBe('interrupted');
    expect(err.outcomeUnknown).toBe(false);
    await c.close();
    await server.close();
  });
});

/**
 * Failures before the request reached the provider (DNS, TLS, connect), simulated by a MockAgent
 * that answers with the error undici would raise: no DNS lookup, no connection, no traffic.
 */
describe('HttpClient failures before the request reached the provider', () => {
  const ORIGIN = 'https://sms.example.test';
  const agents: MockAgent[] = [];
  afterEach(async () => {
    for (const a of agents.splice(0)) {
      a.assertNoPendingInterceptors();
      await a.close();
    }
  });

  function mock(): { agent: MockAgent; pool: ReturnType<MockAgent['get']> } {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agents.push(agent);
    return { agent, pool: agent.get(ORIGIN) };
  }

  function networkError(code: string): Error {
    return Object.assign(new Error(`${code} (simulated)`), { code });
  }

  function mockClient(agent: MockAgent, sleeps: number[], maxAttempts?: number): HttpClient {
    return new HttpClient({
      providerName: 'Test',
      http: { userAgent: 'smsctl/test', dispatcher: agent, maxAttempts, sleep: async (ms) => void sleeps.push(ms) },
      secrets: [],
      parseError: noErrorShape,
      authHint: 'x',
    });
  }

  it.each(['ENOTFOUND', 'EAI_AGAIN', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UND_ERR_CONNECT_TIMEOUT'])('retries a read after %s, then succeeds', async (code) => {
    const { agent, pool } = mock();
    pool.intercept({ path: '/credit', method: 'GET' }).replyWithError(networkError(code));
    pool.intercept({ path: '/credit', method: 'GET' }).reply(200, { balance: 5 });
    const sleeps: number[] = [];
    const c = mockClient(agent, sleeps);
    const res = await c.request({ method: 'GET', url: `${ORIGIN}/credit` });
    await c.close();
    expect(res.body).toEqual({ balance: 5 });
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(0);
    expect(sleeps[0]).toBeLessThanOrEqual(500);
  });

  it.each([
    ['ENOTFOUND', 'host name not found (DNS)'],
    ['EAI_AGAIN', 'DNS lookup failed temporarily'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS handshake failed'],
  ])('a read that keeps failing with %s ends as NETWORK_UNREACHABLE, outcome known, retryable', async (code, what) => {
    const { agent, pool } = mock();
    pool.intercept({ path: '/credit', method: 'GET' }).replyWithError(networkError(code)).times(3);
    const sleeps: number[] = [];
    const c = mockClient(agent, sleeps, 3);
    const err = await catchError(c.request({ method: 'GET', url: `${ORIGIN}/credit` }));
    await c.close();
    expect(err.code).toBe('NETWORK_UNREACHABLE');
    expect(err.outcomeUnknown).toBe(false);
    expect(err.retryable).toBe(true);
    expect(err.message).toContain(`${code}: ${what}`);
    expect(err.message).toContain('after 3 attempts');
    expect(err.message).toContain('nothing was sent');
    expect(sleeps).toHaveLength(2);
  });

  it('retries a POST that is not repeatable after ENOTFOUND: it never left this machine', async () => {
    const { agent, pool } = mock();
    pool.intercept({ path: '/otp', method: 'POST' }).replyWithError(networkError('ENOTFOUND'));
    pool.intercept({ path: '/otp', method: 'POST', body: '{"n":1}' }).reply(200, { ok: true });
    const sleeps: number[] = [];
    const c = mockClient(agent, sleeps);
    const res = await c.request({ method: 'POST', url: `${ORIGIN}/otp`, json: { n: 1 } });
    await c.close();
    expect(res.body).toEqual({ ok: true });
    expect(sleeps).toHaveLength(1);
  });

  it('a send (one attempt) that fails DNS is NETWORK_UNREACHABLE at once, retryable', async () => {
    const { agent, pool } = mock();
    pool.intercept({ path: '/api/v2/message/send', method: 'POST' }).replyWithError(networkError('ENOTFOUND'));
    const sleeps: number[] = [];
    const provider = createProvider(
      'sepsms',
      { baseUrl: `${ORIGIN}/api/v2`, credentials: { apiKey: 'sk_sep_mockmockmockmock' } },
      { userAgent: 'smsctl/test', dispatcher: agent, sleep: async (ms) => void sleeps.push(ms) },
    );
    const err = await catchError(provider.send({ audience: { msisdns: ['66812345678'] }, content: { text: 'hi' }, sender: 'SEPSMS' }));
    await provider.close?.();
    expect(err.code).toBe('NETWORK_UNREACHABLE');
    expect(err.outcomeUnknown).toBe(false);
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('ENOTFOUND');
    expect(sleeps).toEqual([]);
  });
});
