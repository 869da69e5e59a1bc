import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';
import { startTestServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';
import { CREDS, USER_AGENT, catchError, makeProvider } from './fixtures.js';
import type { TestProvider } from './fixtures.js';

const BASE = '/sepsms/api/v2';

describe('SEPSMS adapter', () => {
  let server: TestServer;
  let t: TestProvider;
  beforeEach(async () => {
    server = await startTestServer();
    t = makeProvider('sepsms', server.url);
  });
  afterEach(async () => {
    await t.provider.close?.();
    await server.close();
  });

  describe('recipients a request, as `smsctl` (in-process) meets them', () => {
    let tmp: ReturnType<typeof tempConfigDir>;
    beforeEach(() => (tmp = tempConfigDir()));
    afterEach(() => tmp.cleanup());
    const env = () => ({ SMSCTL_PROVIDER: 'sepsms', SMSCTL_BASE_URL: `${server.url}${BASE}`, SMSCTL_API_KEY: CREDS.sepsms.apiKey, SMSCTL_SENDER: 'SHOP' });
    const csv = (n: number) => ['phone', ...Array.from({ length: n }, (_, i) => `09${20_000_000 + i}`)].join('\n') + '\n';
    /** A gateway that accepts every number; returns the size of each send request, in arrival order. */
    function gateway(): number[] {
      const sizes: number[] = [];
      server.route({ method: 'GET', path: `${BASE}/message/credit/balance` }, () => ({ body: { result: { balance: 1_000_000 } } }));
      server.route({ method: 'POST', path: `${BASE}/message/send` }, (req, nth) => {
        const n = (JSON.parse(req.body) as { recipients: string[] }).recipients.length;
        sizes.push(n);
        return { status: 201, body: { result: { uuid: `u${nth}`, refNo: `SP${nth}`, totalMsisdn: n, totalCredit: n, blockedCount: 0, status: 'pending' } } };
      });
      return sizes;
    }
    const send = ['send', '--csv', '-', '--rate', 'none', '--concurrency', '1', '--yes', '--json'];

    it('sends 10,000 numbers a request unless the profile says otherwise: 10,001 go as 10,000 and 1', async () => {
      const sizes = gateway();
      const r = await run([...send, '-m', 'promo'], { configDir: tmp.dir, env: env(), stdin: csv(10_001) });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ sent: { requests: 2, recipients: 10_001 } });
      expect(sizes).toEqual([10_000, 1]);
    });

    it('a profile may ask for more than 10,000 a request (no published cap): 25,000 then go in one', async () => {
      gateway();
      const plan = async (args: string[], env?: Record<string, string>) => {
        const r = await run([...args, 'send', '--csv', '-', '-m', 'promo', '--dry-run', '--json'], { configDir: tmp.dir, env, stdin: csv(25_001) });
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout).requestsPlanned as number;
      };
      const added = await run(['profile', 'add', 'big', '--provider', 'sepsms', '--base-url', `${server.url}${BASE}`, '--sender', 'SHOP', '--batch-size', '25000', '--secrets-stdin'], {
        configDir: tmp.dir,
        stdin: `${CREDS.sepsms.apiKey}\n`,
      });
      expect(added.code, added.stderr).toBe(0);
      expect(await plan(['--profile', 'big'])).toBe(2);
      expect(await plan([], env())).toBe(3);
    });
  });

  it('sends a JSON body with X-API-Key, the fields and the canonical numbers', async () => {
    server.reply({
      status: 201,
      body: { result: { uuid: '9f8b2c1e', refNo: 'SP240115', totalMsisdn: 2, totalCredit: 4, blockedCount: 0, status: 'pending' } },
    });
    const r = await t.provider.send({ audience: { msisdns: ['66812345678', '66898765432'] }, content: { text: 'สวัสดีคุณลูกค้า' }, sender: 'SEPSMS' });
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`${BASE}/message/send`);
    expect(req.headers['x-api-key']).toBe(CREDS.sepsms.apiKey);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['user-agent']).toBe(USER_AGENT);
    // Streamed, but with an exact length (Thai text counted in bytes, not characters).
    expect(req.complete).toBe(true);
    expect(req.headers['content-length']).toBe(String(Buffer.byteLength(req.body)));
    expect(req.headers['transfer-encoding']).toBeUndefined();
    expect(server.json(0)).toEqual({
      origin: 'SEPSMS',
      message: 'สวัสดีคุณลูกค้า',
      scheduledTime: null,
      recipients: ['66812345678', '66898765432'],
    });
    expect(r).toEqual({
      reference: '9f8b2c1e',
      refNo: 'SP240115',
      acceptedCount: 2,
      rejected: [],
      creditsUsed: 4,
      status: 'pending',
    });
  });

  it('sends a schedule as ISO 8601 in Bangkok time and reads an answer without the result wrapper', async () => {
    server.reply({ body: { uuid: 'u2', refNo: 'SP2', totalMsisdn: 3, totalCredit: 2, blockedCount: 1, status: 'scheduled' } });
    const r = await t.provider.send({
      audience: { msisdns: ['66812345678', '66898765432', '66611111111'] },
      content: { text: 'hi' },
      sender: 'SEPSMS',
      scheduledAt: new Date('2026-06-01T03:00:00Z'),
    });
    expect((server.json() as { scheduledTime: string }).scheduledTime).toBe('2026-06-01T10:00:00+07:00');
    expect(r.reference).toBe('u2');
    expect(r.acceptedCount).toBe(2);
    expect(r.blockedCount).toBe(1);
    expect(r.status).toBe('scheduled');
  });

  it('quotes the documented error shape', async () => {
    server.reply({ status: 401, body: { success: false, error: { code: 'auth.invalid_credentials', message: 'API key is missing or invalid' } } });
    const err = await catchError(t.provider.balance());
    expect(err.toJSON()).toMatchObject({
      kind: 'auth',
      code: 'PROVIDER_AUTH_FAILED',
      status: 401,
      providerCode: 'auth.invalid_credentials',
      providerMessage: 'API key is missing or invalid',
    });
    expect(err.message).toMatch(/^SEPSMS did not accept the credentials \(HTTP 401 auth\.invalid_credentials\): "API key is missing or invalid" — check the profile's API key/);
  });

  it('names the scope in a 403 hint', async () => {
    server.reply({ status: 403, body: { success: false, error: { code: 'auth.scope', message: 'Missing scope' } } });
    const err = await catchError(t.provider.send({ audience: { msisdns: ['66812345678'] }, content: { text: 'hi' }, sender: 'S' }));
    expect(err.code).toBe('PROVIDER_FORBIDDEN');
    expect(err.message).toContain('sms:send scope');
  });

  it('needs an API key and a sender', async () => {
    const p = makeProvider('sepsms', server.url, { config: { credentials: {} } });
    const missingKey = await catchError(p.provider.balance());
    await p.provider.close?.();
    expect(missingKey.code).toBe('CREDENTIALS_MISSING');
    expect(missingKey.message).toContain('the profile has no API key');
    const noSender = await catchError(t.provider.send({ audience: { msisdns: ['66812345678'] }, content: { text: 'hi' } }));
    expect(noSender.code).toBe('SENDER_MISSING');
    expect(server.requests).toHaveLength(0);
  });

  it('reads the balance', async () => {
    server.reply({ body: { result: { balance: 18420 } } });
    expect(await t.provider.balance()).toEqual({ balance: 18420 });
    expect(server.requests[0]?.method).toBe('GET');
    expect(server.requests[0]?.path).toBe(`${BASE}/message/credit/balance`);
    expect(server.requests[0]?.headers['x-api-key']).toBe(CREDS.sepsms.apiKey);
  });

  it('reads a message status', async () => {
    server.reply({
      body: {
        result: {
          uuid: '9f8b2c1e',
          origin: 'SEPSMS',
          status: 'completed',
          totalMsisdn: 2,
          drSummary: [{ drStatus: 'success', count: 1 }, { drStatus: 'failed', count: 1 }],
          refundedCount: 0,
        },
      },
    });
    const s = await t.provider.status!('9f8b2c1e');
    expect(server.requests[0]?.path).toBe(`${BASE}/message/9f8b2c1e`);
    expect(s).toMatchObject({
      reference: '9f8b2c1e',
      status: 'completed',
      sender: 'SEPSMS',
      totalMsisdn: 2,
      drSummary: [{ status: 'success', count: 1 }, { status: 'failed', count: 1 }],
    });
  });

  it('pages recipients with a cursor', async () => {
    server.reply({
      body: {
        result: {
          recipients: [{ id: 11, msisdn: '66812345678', status: 'success' }],
          summary: [{ status: 'success', count: 1 }],
          nextCursor: 11,
          hasMore: true,
        },
      },
    });
    const page = await t.provider.recipients!('u1', { after: 0, limit: 50, status: 'success', search: '0812' });
    const req = server.requests[0]!;
    expect(req.path).toBe(`${BASE}/message/u1/recipients`);
    expect(Object.fromEntries(req.query)).toEqual({ after: '0', limit: '50', status: 'success', search: '0812' });
    expect(page).toEqual({
      recipients: [{ id: 11, msisdn: '66812345678', status: 'success' }],
      summary: [{ status: 'success', count: 1 }],
      nextCursor: 11,
      hasMore: true,
    });
  });

  it('reads a page-mode recipients answer', async () => {
    server.reply({ body: { result: { recipients: [], summary: [], page: 1, limit: 50, total: 120 } } });
    const page = await t.provider.recipients!('u1', {});
    expect(server.requests[0]?.url).toBe(`${BASE}/message/u1/recipients`);
    expect(page.hasMore).toBe(true);
    expect(page.nextCursor).toBeUndefined();
  });

  it('cancels, and reports a cancel conflict as rejected', async () => {
    server.reply(
      { body: { result: { uuid: 'u1', status: 'cancelled', refundedCredit: 5 } } },
      { status: 409, body: { success: false, error: { code: 'ALREADY_CANCELLED', message: 'Message already cancelled' } } },
    );
    expect(await t.provider.cancel!('u1')).toEqual({ reference: 'u1', status: 'cancelled', refundedCredit: 5 });
    expect(server.requests[0]?.method).toBe('POST');
    expect(server.requests[0]?.path).toBe(`${BASE}/message/u1/cancel`);
    const err = await catchError(t.provider.cancel!('u1'));
    expect(err.code).toBe('PROVIDER_REJECTED');
    expect(err.providerCode).toBe('ALREADY_CANCELLED');
  });

  it('sends and verifies an OTP', async () => {
    server.reply(
      {
        body: {
          result: { uuid: '1a2b', reference: 'A3K9X2', destination: '66812345678', expiresAt: '2026-01-15T10:35:00.000Z', ttlSeconds: 300 },
        },
      },
      { body: { result: { reference: 'A3K9X2', verified: true } } },
      { body: { result: { reference: 'A3K9X2', verified: false } } },
    );
    const sent = await t.provider.otpSend!({
      msisdn: '66812345678',
      sender: 'SEPSMS',
      template: 'Code {code} (Ref: {ref})',
      ttlSeconds: 120,
      codeLength: 6,
    });
    expect(server.requests[0]?.path).toBe(`${BASE}/otp/send`);
    expect(server.json(0)).toEqual({
      destination: '66812345678',
      origin: 'SEPSMS',
      template: 'Code {code} (Ref: {ref})',
      ttlSeconds: 120,
      codeLength: 6,
    });
    expect(sent).toEqual({ token: 'A3K9X2', refno: 'A3K9X2', expiresAt: '2026-01-15T10:35:00.000Z' });

    expect(await t.provider.otpVerify!('A3K9X2', '123456')).toEqual({ verified: true, message: undefined });
    expect(server.requests[1]?.path).toBe(`${BASE}/otp/verify`);
    expect(server.json(1)).toEqual({ reference: 'A3K9X2', pin: '123456' });
    expect((await t.provider.otpVerify!('A3K9X2', '000000')).verified).toBe(false);
  });

  it('sends one request per send: a 429 is reported, not retried', async () => {
    server.reply({ status: 429, headers: { 'Retry-After': '2' }, body: { success: false, error: { code: 'rate_limited', message: 'Slow down' } } });
    const err = await catchError(t.provider.send({ audience: { msisdns: ['66812345678'] }, content: { text: 'hi' }, sender: 'SEPSMS' }));
    expect(err.code).toBe('PROVIDER_RATE_LIMITED');
    expect(err.providerCode).toBe('rate_limited');
    expect(err.retryable).toBe(true);
    expect(err.outcomeUnknown).toBe(false);
    expect(err.retryAfterSeconds).toBe(2);
    expect(server.requests).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
  });

  it('retries an OTP check after a 500 (checking twice does no harm)', async () => {
    server.reply(
      { status: 500, body: { success: false, error: { code: 'internal', message: 'oops' } } },
      { body: { result: { reference: 'A3K9X2', verified: true } } },
    );
    expect((await t.provider.otpVerify!('A3K9X2', '123456')).verified).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(server.json(1)).toEqual(server.json(0));
    expect(t.sleeps).toHaveLength(1);
  });

  it('does not retry an OTP send after a 500: a second code could go out', async () => {
    server.reply({ status: 500, body: { success: false, error: { code: 'internal', message: 'oops' } } });
    const err = await catchError(t.provider.otpSend!({ msisdn: '66812345678', sender: 'SEPSMS' }));
    expect(err.code).toBe('PROVIDER_UNAVAILABLE');
    expect(err.outcomeUnknown).toBe(true);
    expect(err.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
  });

  it('does not sit out an OTP send\'s 429 (5 a minute per IP): it says when, at once', async () => {
    server.reply({ status: 429, headers: { 'Retry-After': '42' }, body: { success: false, error: { code: 'rate_limit.exceeded', message: 'Slow down' } } });
    const err = await catchError(t.provider.otpSend!({ msisdn: '66812345678', sender: 'SEPSMS' }));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterSeconds).toBe(42);
    expect(server.requests).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
  });

  it('reads why a code was not verified (the assumed reason and attemptsLeft), tolerantly', async () => {
    server.reply(
      { body: { result: { reference: 'A3K9X2', verified: false, reason: 'invalid_code', attemptsLeft: 3 } } },
      { body: { result: { reference: 'A3K9X2', verified: false, reason: 'expired' } } },
      { body: { result: { reference: 'A3K9X2', verified: false, reason: 'already_verified' } } },
      { body: { result: { reference: 'A3K9X2', verified: false, reason: 'too_many_attempts' } } },
      { body: { result: { reference: 'A3K9X2', verified: false, reason: 'something_new' } } },
      { status: 404, body: { success: false, error: { code: 'otp.not_found', message: 'No OTP with reference A3K9X2' } } },
    );
    expect(await t.provider.otpVerify!('A3K9X2', '1')).toEqual({ verified: false, reason: 'wrong', attemptsLeft: 3, message: undefined });
    expect((await t.provider.otpVerify!('A3K9X2', '1')).reason).toBe('expired');
    expect((await t.provider.otpVerify!('A3K9X2', '1')).reason).toBe('used');
    expect((await t.provider.otpVerify!('A3K9X2', '1')).reason).toBe('locked');
    expect((await t.provider.otpVerify!('A3K9X2', '1')).reason).toBeUndefined();
    expect((await t.provider.otpVerify!('A3K9X2', '1')).reason).toBe('unknown_reference');
  });

  it('publishes its OTP rules, for the CLI to check before any request', () => {
    expect(t.provider.capabilities.otp).toMatchObject({ perRequest: true, ttlSeconds: { min: 60, max: 600 }, codeLength: { min: 4, max: 8 } });
  });
});
