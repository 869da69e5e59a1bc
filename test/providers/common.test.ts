/**
 * Behaviour every adapter shares through the HTTP client, run against each provider's own
 * wire shapes: error mapping, safe retries, network failures and secret-free verbose logs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closedPort, startTestServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';
import type { ProviderId, SendRequest } from '../../src/providers/types.js';
import { maskSecret } from '../../src/core/mask.js';
import { CREDS, USER_AGENT, catchError, leakedSecrets, makeProvider } from './fixtures.js';

interface Case {
  id: ProviderId;
  name: string;
  sendPath: string;
  balancePath: string;
  sendOk: unknown;
  balanceOk: unknown;
  /** The provider's error body for a machine code and a human message. */
  errorBody(code: string, message: string): unknown;
  creditCode: string;
  creditStatus: number;
  secret: string;
}

const CASES: Case[] = [
  {
    id: 'thaibulksms',
    name: 'ThaiBulkSMS',
    sendPath: '/tbs/sms',
    balancePath: '/tbs/credit',
    sendOk: {
      remaining_credit: 4502,
      total_use_credit: 1,
      credit_type: 'standard',
      phone_number_list: [{ number: '66812345678', message_id: 'Gi9YlmTd6wpgMdec8iMrRi', used_credit: 1 }],
      bad_phone_number_list: [],
    },
    balanceOk: { remaining_credit: 100 },
    errorBody: (code, message) => ({ error: { code: 100, name: code, description: message } }),
    creditCode: 'ERROR_INSUFFICIENT_CREDIT',
    creditStatus: 400,
    secret: CREDS.thaibulksms.apiSecret,
  },
  {
    id: 'sepsms',
    name: 'SEPSMS',
    sendPath: '/sepsms/api/v2/message/send',
    balancePath: '/sepsms/api/v2/message/credit/balance',
    sendOk: { result: { uuid: 'u-1', refNo: 'SP1', totalMsisdn: 1, totalCredit: 1, blockedCount: 0, status: 'pending' } },
    balanceOk: { result: { balance: 100 } },
    errorBody: (code, message) => ({ success: false, error: { code, message } }),
    creditCode: 'credit.insufficient',
    creditStatus: 402,
    secret: CREDS.sepsms.apiKey,
  },
  {
    id: 'mesms',
    name: 'ME-SMS',
    sendPath: '/mesms/api/v2/sms/send',
    balancePath: '/mesms/api/v2/sms/credit/balance',
    sendOk: { result: { uuid: 'u-1', refNo: 'ME1', totalMsisdn: 1, totalCredit: 1, blockedCount: 0, status: 'pending' } },
    balanceOk: { result: { balance: 100 } },
    errorBody: (code, message) => ({ error: message, code }),
    creditCode: 'INSUFFICIENT_CREDITS',
    creditStatus: 402,
    secret: CREDS.mesms.apiKey,
  },
];

const SEND: SendRequest = { audience: { msisdns: ['66812345678'] }, content: { text: 'hello' }, sender: 'SMSCTL' };

describe.each(CASES)('$name through the shared HTTP client', (c) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  function setup(http: Parameters<typeof makeProvider>[2] = {}) {
    const t = makeProvider(c.id, server.url, http);
    cleanups.push(() => t.provider.close?.() ?? Promise.resolve());
    return t;
  }
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanups.splice(0)) await f();
  });

  it('sends User-Agent and Accept on every request', async () => {
    const { provider } = setup();
    server.reply({ body: c.sendOk, expect: { method: 'POST', path: c.sendPath } });
    server.reply({ body: c.balanceOk, expect: { method: 'GET', path: c.balancePath } });
    await provider.send(SEND);
    await provider.balance();
    for (const r of server.requests) {
      expect(r.headers['user-agent']).toBe(USER_AGENT);
      expect(r.headers['user-agent']).toMatch(/^smsctl\//);
      expect(r.headers.accept).toBe('application/json');
    }
  });

  it('maps 401 to an auth error with the provider words and a hint, without retrying', async () => {
    const { provider } = setup();
    server.reply({ status: 401, body: c.errorBody('AUTH_FAILED', 'API key is missing or invalid') });
    const err = await catchError(provider.send(SEND));
    expect(err.kind).toBe('auth');
    expect(err.code).toBe('PROVIDER_AUTH_FAILED');
    expect(err.status).toBe(401);
    expect(err.providerCode).toBe('AUTH_FAILED');
    expect(err.providerMessage).toBe('API key is missing or invalid');
    expect(err.message).toContain(`${c.name} did not accept the credentials (HTTP 401 AUTH_FAILED): "API key is missing or invalid"`);
    // No saved profile behind these keys (as with environment-only keys): the hint names the variables.
    expect(err.message).toContain('the keys come from SMSCTL_API_KEY');
    expect(err.message).not.toContain('\n');
    expect(server.requests).toHaveLength(1);
    const saved = makeProvider(c.id, server.url, { http: { profileName: 'shop' } }).provider;
    server.reply({ status: 401, body: c.errorBody('AUTH_FAILED', 'API key is missing or invalid') });
    expect((await catchError(saved.send(SEND))).message).toContain('(smsctl profile test shop)');
  });

  it('maps 403 to auth PROVIDER_FORBIDDEN', async () => {
    const { provider } = setup();
    server.reply({ status: 403, body: c.errorBody('FORBIDDEN', 'Scope insufficient') });
    const err = await catchError(provider.send(SEND));
    expect(err.kind).toBe('auth');
    expect(err.code).toBe('PROVIDER_FORBIDDEN');
    expect(err.message).toContain('"Scope insufficient"');
  });

  it('maps 402 to credit PROVIDER_INSUFFICIENT_CREDIT', async () => {
    const { provider } = setup();
    server.reply({ status: 402, body: c.errorBody('PAYMENT', 'Top up first') });
    const err = await catchError(provider.send(SEND));
    expect(err.kind).toBe('credit');
    expect(err.code).toBe('PROVIDER_INSUFFICIENT_CREDIT');
    expect(err.exitCode).toBe(5);
  });

  it(`maps the provider's insufficient-credit code (${c.creditCode}, HTTP ${c.creditStatus}) to credit`, async () => {
    const { provider } = setup();
    server.reply({ status: c.creditStatus, body: c.errorBody(c.creditCode, 'Insufficient credit.') });
    const err = await catchError(provider.send(SEND));
    expect(err.kind).toBe('credit');
    expect(err.code).toBe('PROVIDER_INSUFFICIENT_CREDIT');
    expect(err.message).toBe(`${c.name} says the credit is insufficient (HTTP ${c.creditStatus} ${c.creditCode}): "Insufficient credit."`);
  });

  it('maps 400 to invalid PROVIDER_REJECTED quoting the provider message', async () => {
    const { provider } = setup();
    server.reply({ status: 400, body: c.errorBody('validation.failed', 'recipients must not be empty') });
    const err = await catchError(provider.send(SEND));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('PROVIDER_REJECTED');
    expect(err.outcomeUnknown).toBe(false);
    expect(err.message).toBe(`${c.name} rejected the request (HTTP 400 validation.failed): "recipients must not be empty"`);
  });

  it('maps 404 to invalid PROVIDER_NOT_FOUND', async () => {
    const { provider } = setup();
    server.reply({ status: 404, body: c.errorBody('NOT_FOUND', 'Not Found') });
    const err = await catchError(provider.balance());
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe('PROVIDER_NOT_FOUND');
  });

  it('does not retry a 429 on a send: one attempt, rate_limited, retryable, with the Retry-After', async () => {
    const { provider, sleeps } = setup();
    server.reply({ status: 429, headers: { 'Retry-After': '7' }, body: c.errorBody('RATE_LIMITED', 'Too many requests') });
    const err = await catchError(provider.send(SEND));
    expect(err.kind).toBe('rate_limited');
    expect(err.code).toBe('PROVIDER_RATE_LIMITED');
    expect(err.status).toBe(429);
    expect(err.retryable).toBe(true);
    expect(err.outcomeUnknown).toBe(false);
    expect(err.retryAfterSeconds).toBe(7);
    expect(err.providerMessage).toBe('Too many requests');
    expect(err.message).toContain('try again in 7 s');
    expect(err.message).not.toContain('may have been processed');
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('reports a 429 on a send without Retry-After as retryable, with no retryAfterSeconds', async () => {
    const { provider, sleeps } = setup();
    server.reply({ status: 429 });
    const err = await catchError(provider.send(SEND));
    expect(err.code).toBe('PROVIDER_RATE_LIMITED');
    expect(err.retryable).toBe(true);
    expect(err.outcomeUnknown).toBe(false);
    expect(err.retryAfterSeconds).toBeUndefined();
    expect(err.message).toContain('try again later');
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('does not retry a send even when the profile allows more attempts', async () => {
    const { provider, sleeps } = setup({ http: { maxAttempts: 5 } });
    server.reply({ status: 429, headers: { 'Retry-After': '1' } });
    const err = await catchError(provider.send(SEND));
    expect(err.code).toBe('PROVIDER_RATE_LIMITED');
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('waits Retry-After seconds after a 429 on a read and retries it', async () => {
    const { provider, sleeps } = setup();
    server.reply(
      { status: 429, headers: { 'Retry-After': '7' }, body: c.errorBody('RATE_LIMITED', 'Too many requests') },
      { status: 200, body: c.balanceOk },
    );
    const result = await provider.balance();
    expect(result.balance).toBe(100);
    expect(sleeps).toEqual([7000]);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.method).toBe('GET');
    expect(server.requests[1]?.url).toBe(server.requests[0]?.url);
  });

  it('reads an HTTP-date Retry-After and caps the wait at 60 s', async () => {
    const { provider, sleeps } = setup();
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    server.reply({ status: 429, headers: { 'Retry-After': inTwoMinutes } }, { status: 200, body: c.balanceOk });
    await provider.balance();
    expect(sleeps).toEqual([60_000]);
    expect(server.requests).toHaveLength(2);
  });

  it('reports an HTTP-date Retry-After on a send in seconds, without waiting', async () => {
    const { provider, sleeps } = setup();
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    server.reply({ status: 429, headers: { 'Retry-After': inTwoMinutes } });
    const err = await catchError(provider.send(SEND));
    expect(err.retryable).toBe(true);
    // Second granularity of the date, and the time the request took: 119 or 120, never the 60 s cap.
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(115);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(120);
    expect(sleeps).toEqual([]);
  });

  it('backs off with full jitter after a 429 without Retry-After on a read', async () => {
    const { provider, sleeps } = setup();
    server.reply({ status: 429 }, { status: 429 }, { status: 429 }, { body: c.balanceOk });
    expect((await provider.balance()).balance).toBe(100);
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    // Attempt n waits a random whole number of ms in [0, 500 · 2^(n-1)].
    sleeps.forEach((ms, i) => {
      expect(Number.isInteger(ms)).toBe(true);
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(500 * 2 ** i);
    });
  });

  it('gives up on a read after the configured attempts with rate_limited and retryAfterSeconds', async () => {
    const { provider, sleeps } = setup();
    const limited = { status: 429, headers: { 'Retry-After': '3' }, body: c.errorBody('RATE_LIMITED', 'Too many requests') };
    server.reply(limited, limited, limited, limited);
    const err = await catchError(provider.balance());
    expect(err.kind).toBe('rate_limited');
    expect(err.code).toBe('PROVIDER_RATE_LIMITED');
    expect(err.retryAfterSeconds).toBe(3);
    expect(err.retryable).toBe(true);
    expect(err.outcomeUnknown).toBe(false);
    expect(err.message).toContain('gave up after 4 attempts');
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([3000, 3000, 3000]);
  });

  it('honours maxAttempts on a read', async () => {
    const { provider, sleeps } = setup({ http: { maxAttempts: 2 } });
    server.reply({ status: 429 }, { status: 429 });
    const err = await catchError(provider.balance());
    expect(err.code).toBe('PROVIDER_RATE_LIMITED');
    expect(err.message).toContain('gave up after 2 attempts');
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it('does not retry a 503 on a send: the provider took nothing, so it is retryable', async () => {
    const { provider, sleeps } = setup();
    server.reply({ status: 503, body: c.errorBody('UNAVAILABLE', 'Service Unavailable') });
    const err = await catchError(provider.send(SEND));
    expect(err.kind).toBe('provider');
    expect(err.code).toBe('PROVIDER_UNAVAILABLE');
    expect(err.status).toBe(503);
    expect(err.retryable).toBe(true);
    expect(err.outcomeUnknown).toBe(false);
    expect(err.message).not.toContain('may have been processed');
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('never retries a 500 on a send and marks the outcome unknown', async () => {
    const { provider, sleeps } = setup();
    server.reply({ status: 500, body: c.errorBody('ERROR_SYSTEM_FAILURE', 'System Failure.') });
    const err = await catchError(provider.send(SEND));
    expect(err.kind).toBe('provider');
    expect(err.code).toBe('PROVIDER_UNAVAILABLE');
    expect(err.outcomeUnknown).toBe(true);
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('may have been processed');
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it.each([502, 504])('never retries a %i on a send and marks the outcome unknown, not retryable', async (status) => {
    const { provider, sleeps } = setup();
    server.reply({ status, body: '<html>gateway</html>' });
    const err = await catchError(provider.send(SEND));
    expect(err.kind).toBe('provider');
    expect(err.code).toBe('PROVIDER_UNAVAILABLE');
    expect(err.status).toBe(status);
    expect(err.outcomeUnknown).toBe(true);
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('may have been processed');
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a 503 on a GET', async () => {
    const { provider, sleeps } = setup();
    server.reply({ status: 503, body: 'upstream down' }, { body: c.balanceOk });
    const balance = await provider.balance();
    expect(balance.balance).toBe(100);
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(0);
    expect(sleeps[0]).toBeLessThanOrEqual(500);
  });

  it('a GET that keeps failing with 5xx ends as PROVIDER_UNAVAILABLE, outcome known', async () => {
    const { provider } = setup({ http: { maxAttempts: 2 } });
    server.reply({ status: 502, body: '<html>Bad gateway</html>' }, { status: 502, body: '<html>Bad gateway</html>' });
    const err = await catchError(provider.balance());
    expect(err.code).toBe('PROVIDER_UNAVAILABLE');
    expect(err.outcomeUnknown).toBe(false);
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('gave up after 2 attempts');
    expect(server.requests).toHaveLength(2);
  });

  it('maps connection refused on a send to NETWORK_UNREACHABLE at once: outcome known, retryable', async () => {
    const port = await closedPort();
    const t = makeProvider(c.id, `http://127.0.0.1:${port}`);
    cleanups.push(() => t.provider.close?.() ?? Promise.resolve());
    const err = await catchError(t.provider.send(SEND));
    expect(err.kind).toBe('provider');
    expect(err.code).toBe('NETWORK_UNREACHABLE');
    expect(err.outcomeUnknown).toBe(false);
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.message).toContain('nothing was sent');
    expect(err.message).not.toContain('attempts');
    expect(t.sleeps).toEqual([]);
  });

  it('retries connection refused on a read, then maps it to NETWORK_UNREACHABLE: outcome known, retryable', async () => {
    const port = await closedPort();
    const t = makeProvider(c.id, `http://127.0.0.1:${port}`);
    cleanups.push(() => t.provider.close?.() ?? Promise.resolve());
    const err = await catchError(t.provider.balance());
    expect(err.kind).toBe('provider');
    expect(err.code).toBe('NETWORK_UNREACHABLE');
    expect(err.outcomeUnknown).toBe(false);
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.message).toContain('after 4 attempts');
    expect(t.sleeps).toHaveLength(3);
    t.sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(500 * 2 ** i);
    });
  });

  it('maps a response timeout on a send to NETWORK_TIMEOUT, outcome unknown, not retried', async () => {
    const { provider, sleeps } = setup({ http: { responseTimeoutMs: 150 } });
    server.reply({ hang: true });
    const err = await catchError(provider.send(SEND));
    expect(err.kind).toBe('provider');
    expect(err.code).toBe('NETWORK_TIMEOUT');
    expect(err.outcomeUnknown).toBe(true);
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('did not answer within 150 ms');
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('maps a connection reset after the send was written to NETWORK_TIMEOUT, outcome unknown', async () => {
    const { provider, sleeps } = setup();
    server.reply({ destroy: true });
    const err = await catchError(provider.send(SEND));
    expect(err.code).toBe('NETWORK_TIMEOUT');
    expect(err.outcomeUnknown).toBe(true);
    expect(err.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('rejects a 2xx send answer that is not JSON, outcome unknown', async () => {
    const { provider } = setup();
    server.reply({ status: 200, body: '<html>proxy login</html>' });
    const err = await catchError(provider.send(SEND));
    expect(err.kind).toBe('provider');
    expect(err.code).toBe('PROVIDER_BAD_RESPONSE');
    expect(err.outcomeUnknown).toBe(true);
  });

  it('logs one line per request and response, and never a secret, even when the provider echoes it', async () => {
    const { provider, log } = setup();
    server.reply(
      { status: 200, body: c.sendOk },
      { status: 401, body: c.errorBody('AUTH_FAILED', `key ${c.secret} is not valid`) },
    );
    await provider.send(SEND);
    const err = await catchError(provider.balance());
    expect(log[0]).toMatch(new RegExp(`^→ POST ${escape(server.url + c.sendPath)} \\(\\d+ B\\)$`));
    expect(log[1]).toMatch(/^ {2}\S/);
    expect(log[2]).toMatch(/^← 200 OK in \d+ ms \(\d+(?:\.\d)? k?B\)$/);
    expect(log[3]).toMatch(/^ {2}\{/);
    expect(log).toContain(`→ GET ${server.url}${c.balancePath}`);
    expect(log.some((l) => l.startsWith('← 401 Unauthorized in '))).toBe(true);
    expect(log.join('\n')).not.toMatch(/authorization|x-api-key/i);
    expect(leakedSecrets([...log, err.message, err.providerMessage ?? ''])).toEqual([]);
    // The echoed key is still recognisable to its owner: shown masked, not dropped.
    expect(err.message).toContain(maskSecret(c.secret));
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
