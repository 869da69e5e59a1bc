import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';
import { HttpClient, joinUrl, parseRetryAfter, withQuery } from '../../src/providers/http.js';
import type { HttpClientConfig } from '../../src/providers/http.js';
import { DEFAULT_BASE_URLS, createProvider } from '../../src/providers/index.js';
import { toBangkokIso } from '../../src/providers/shared.js';
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
    expect(err.message).toContain('"bad key sk_sep_0123…fXYZ"');
  });

  it('turns an abort into an interrupted error', async () => {
    server = await startTestServer();
    const c = client();
    clients.push(c);
    server.reply({ hang: true });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await catchError(c.request({ method: 'POST', url: `${server.url}/x`, json: {}, signal: ac.signal }));
    expect(err.kind).toBe('interrupted');
    expect(err.outcomeUnknown).toBe(true);
  });

  it('close() is safe before any request and twice', async () => {
    const c = client();
    await c.close();
    await c.close();
  });
});

describe('createProvider', () => {
  it('falls back to the default base URLs', () => {
    expect(DEFAULT_BASE_URLS).toEqual({
      thaibulksms: { baseUrl: 'https://api-v2.thaibulksms.com', otpBaseUrl: 'https://otp.thaibulksms.com' },
      sepsms: { baseUrl: 'https://sepsms.com/api/v2' },
      mesms: { baseUrl: 'https://me-sms.com/api/v2' },
    });
    for (const id of ['thaibulksms', 'sepsms', 'mesms'] as const) {
      const p = createProvider(id, { baseUrl: '', credentials: {} }, { userAgent: 'smsctl/test' });
      expect(p.id).toBe(id);
    }
  });
});

describe('HttpClient retries and abort', () => {
  it('stops waiting for a retry when the signal aborts', async () => {
    const server = await startTestServer();
    const c = new HttpClient({
      providerName: 'Test',
      http: { userAgent: 'smsctl/test', sleep: () => new Promise(() => {}) },
      secrets: [],
      parseError: () => ({}),
      authHint: 'x',
    });
    server.reply({ status: 429, headers: { 'Retry-After': '30' } });
    const ac = new AbortController();
    const pending = catchError(c.request({ method: 'POST', url: `${server.url}/x`, json: {}, signal: ac.signal }));
    setTimeout(() => ac.abort(), 50);
    const err = await pending;
    expect(err.kind).toBe('interrupted');
    expect(err.outcomeUnknown).toBe(false);
    await c.close();
    await server.close();
  });
});
