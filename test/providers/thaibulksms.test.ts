import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toBangkokIso } from '../../src/providers/shared.js';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';
import { startTestServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';
import { parseThaiBulkSmsError } from '../../src/providers/thaibulksms.js';
import { CREDS, USER_AGENT, catchError, leakedSecrets, makeProvider } from './fixtures.js';
import type { TestProvider } from './fixtures.js';

const BASIC = `Basic ${Buffer.from(`${CREDS.thaibulksms.apiKey}:${CREDS.thaibulksms.apiSecret}`).toString('base64')}`;

describe('ThaiBulkSMS adapter', () => {
  let server: TestServer;
  let t: TestProvider;
  beforeEach(async () => {
    server = await startTestServer();
    t = makeProvider('thaibulksms', server.url);
  });
  afterEach(async () => {
    await t.provider.close?.();
    await server.close();
  });

  describe('its limits, as `smsctl` (in-process) meets them', () => {
    let tmp: ReturnType<typeof tempConfigDir>;
    beforeEach(() => (tmp = tempConfigDir()));
    afterEach(() => tmp.cleanup());
    const env = () => ({
      SMSCTL_PROVIDER: 'thaibulksms',
      SMSCTL_BASE_URL: `${server.url}/tbs`,
      SMSCTL_API_KEY: CREDS.thaibulksms.apiKey,
      SMSCTL_API_SECRET: CREDS.thaibulksms.apiSecret,
    });
    const csv = (n: number) => ['phone', ...Array.from({ length: n }, (_, i) => `09${20_000_000 + i}`)].join('\n') + '\n';
    /** A gateway that accepts every number; returns the size of each send request, in arrival order. */
    function gateway(): number[] {
      const sizes: number[] = [];
      server.route({ method: 'GET', path: '/tbs/credit' }, () => ({ body: { remaining_credit: 100_000 } }));
      server.route({ method: 'POST', path: '/tbs/sms' }, (req, nth) => {
        const numbers = (new URLSearchParams(req.body).get('msisdn') ?? '').split(',');
        sizes.push(numbers.length);
        return { status: 201, body: { phone_number_list: numbers.map((n) => ({ number: n, message_id: `m${nth}-${n}`, used_credit: 1 })), bad_phone_number_list: [] } };
      });
      return sizes;
    }
    const send = ['send', '--csv', '-', '--rate', 'none', '--concurrency', '1', '--yes', '--json'];

    it('sends 501 numbers as 500 and 1; --batch-size 501 is refused, and an adapter set up for 1,000 a request still sends at most 500', async () => {
      const sizes = gateway();
      const r = await run([...send, '-m', 'promo'], { configDir: tmp.dir, env: env(), stdin: csv(501) });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ sent: { requests: 2, recipients: 501 } });
      expect(sizes).toEqual([500, 1]);

      const over = await run([...send, '-m', 'promo two', '--batch-size', '501'], { configDir: tmp.dir, env: env(), stdin: csv(501) });
      expect(over.code).toBe(2);
      expect(JSON.parse(over.stdout).error).toMatchObject({ code: 'BAD_FLAG', message: expect.stringContaining('ThaiBulkSMS takes at most 500 numbers a request') });

      const big = makeProvider('thaibulksms', server.url, { config: { maxRecipientsPerRequest: 1000 } });
      const msisdns = Array.from({ length: 501 }, (_, i) => `669${20_000_000 + i}`);
      const err = await catchError(big.provider.send({ audience: { msisdns }, content: { text: 'promo three' } }));
      await big.provider.close?.();
      expect(err).toMatchObject({ code: 'TOO_MANY_RECIPIENTS', message: expect.stringContaining('at most 500 recipients per request') });
      expect(sizes).toEqual([500, 1]);
    });

    it('schedules at most a year ahead, and refuses status, recipients and cancel as not offered', async () => {
      gateway();
      const day = 24 * 60 * 60 * 1000;
      const at = (days: number) => toBangkokIso(new Date(Date.now() + days * day));
      const within = await run(['send', '--to', '0812345678', '-m', 'later', '--schedule', at(364), '--dry-run', '--json'], { configDir: tmp.dir, env: env() });
      expect(within.code, within.stderr).toBe(0);
      const beyond = await run(['send', '--to', '0812345678', '-m', 'later', '--schedule', at(366), '--dry-run', '--json'], { configDir: tmp.dir, env: env() });
      expect(beyond.code).toBe(3);
      expect(JSON.parse(beyond.stdout).error).toMatchObject({ code: 'SCHEDULE_TOO_FAR', message: expect.stringContaining('ThaiBulkSMS accepts schedules at most') });
      for (const command of ['status', 'recipients', 'cancel']) {
        const r = await run([command, 'ref-1', '--json'], { configDir: tmp.dir, env: env() });
        expect({ command, code: r.code }).toEqual({ command, code: 2 });
        // recipients says where the per-number outcome is instead; the others name the dashboard.
        const message = command === 'recipients' ? expect.stringMatching(/^ThaiBulkSMS publishes no per-recipient status API.*smsctl runs show RUN --report FILE/) : expect.stringMatching(new RegExp(`^ThaiBulkSMS does not offer \`${command}\` \\(it publishes no API for it\\): .*dashboard`));
        expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'NOT_OFFERED', message });
      }
      // Nothing but the dry run's balance check reached the gateway.
      expect(server.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /tbs/credit']);
    });
  });

  it('sends SMS as a form with Basic auth, national numbers and a Bangkok schedule', async () => {
    server.reply({
      status: 201,
      body: {
        remaining_credit: 4502,
        total_use_credit: 2,
        credit_type: 'corporate',
        phone_number_list: [
          { number: '66812345678', message_id: 'Gi9YlmTd6wpgMdec8iMrRi', used_credit: 1 },
          { number: '0898765432', message_id: 'Gi9YlmTd6wpgMdec8iMrRB', used_credit: 1 },
        ],
        bad_phone_number_list: [{ number: '0611111111', message: 'Invalid number' }],
      },
    });
    const result = await t.provider.send({
      audience: { msisdns: ['66812345678', '66898765432', '66611111111'] },
      content: { text: 'สวัสดี & hi' },
      sender: 'Demo',
      scheduledAt: new Date('2026-06-01T03:00:05.123Z'),
    });

    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/tbs/sms');
    expect(req.headers.authorization).toBe(BASIC);
    expect(req.headers['user-agent']).toBe(USER_AGENT);
    expect(req.headers.accept).toBe('application/json');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(server.form())).toEqual({
      msisdn: '0812345678,0898765432,0611111111',
      message: 'สวัสดี & hi',
      sender: 'Demo',
      scheduled_delivery: '2026-06-01T10:00:05+07:00',
    });

    expect(result).toEqual({
      reference: 'Gi9YlmTd6wpgMdec8iMrRi',
      acceptedCount: 2,
      rejected: [{ msisdn: '66611111111', reason: 'Invalid number' }],
      messageIds: [
        { msisdn: '66812345678', messageId: 'Gi9YlmTd6wpgMdec8iMrRi' },
        { msisdn: '66898765432', messageId: 'Gi9YlmTd6wpgMdec8iMrRB' },
      ],
      creditsUsed: 2,
      remainingCredit: 4502,
    });
  });

  it('leaves sender and scheduled_delivery out when not given', async () => {
    server.reply({ body: { phone_number_list: [{ number: '66812345678', message_id: 'm1' }], bad_phone_number_list: [] } });
    await t.provider.send({ audience: { msisdns: ['66812345678'] }, content: { text: 'hi' } });
    expect([...server.form().keys()]).toEqual(['msisdn', 'message']);
  });

  it('makes one attempt per send: a 503 is reported retryable and the form is sent once', async () => {
    server.reply({ status: 503, body: { error: { code: 503, name: 'ERROR_SERVICE_UNAVAILABLE', description: 'Try later.' } } });
    const err = await catchError(t.provider.send({ audience: { msisdns: ['66812345678'] }, content: { text: 'hi' } }));
    expect(err.code).toBe('PROVIDER_UNAVAILABLE');
    expect(err.providerCode).toBe('ERROR_SERVICE_UNAVAILABLE');
    expect(err.retryable).toBe(true);
    expect(err.outcomeUnknown).toBe(false);
    expect(server.requests).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
  });

  it('maps ERROR_INSUFFICIENT_CREDIT (HTTP 400) to credit, by name', async () => {
    server.reply({
      status: 400,
      body: { error: { code: 109, name: 'ERROR_INSUFFICIENT_CREDIT', description: 'Insufficient credit.' } },
    });
    const err = await catchError(t.provider.send({ audience: { msisdns: ['66812345678'] }, content: { text: 'hi' } }));
    expect(err.kind).toBe('credit');
    expect(err.code).toBe('PROVIDER_INSUFFICIENT_CREDIT');
    expect(err.message).toBe('ThaiBulkSMS says the credit is insufficient (HTTP 400 ERROR_INSUFFICIENT_CREDIT): "Insufficient credit."');
  });

  it('reads the error without the wrapper object, and without the outer braces', async () => {
    server.reply(
      { status: 400, body: { code: 112, name: 'ERROR_MESSAGE', description: 'The message is invalid.' } },
      { status: 400, body: '"error": {"code": 112, "name": "ERROR_MESSAGE", "description": "The message is invalid."}' },
    );
    for (let i = 0; i < 2; i++) {
      const err = await catchError(t.provider.send({ audience: { msisdns: ['66812345678'] }, content: { text: 'hi' } }));
      expect(err.code).toBe('PROVIDER_REJECTED');
      expect(err.providerCode).toBe('ERROR_MESSAGE');
      expect(err.message).toBe('ThaiBulkSMS rejected the request (HTTP 400 ERROR_MESSAGE): "The message is invalid."');
    }
  });

  it('parses the OTP error shape', () => {
    expect(parseThaiBulkSmsError({ code: 400, errors: [{ message: 'Token is expired.', detail: {} }] }, '')).toEqual({
      providerCode: undefined,
      providerMessage: 'Token is expired.',
    });
  });

  it('maps 403 ERROR_IP_NOT_ALLOWED to PROVIDER_FORBIDDEN', async () => {
    server.reply({ status: 403, body: { error: { code: 403, name: 'ERROR_IP_NOT_ALLOWED', description: 'This IP is not allowed.' } } });
    const err = await catchError(t.provider.balance());
    expect(err.kind).toBe('auth');
    expect(err.code).toBe('PROVIDER_FORBIDDEN');
    expect(err.providerCode).toBe('ERROR_IP_NOT_ALLOWED');
  });

  it('reads a numeric balance', async () => {
    server.reply({ body: { remaining_credit: 6093 } });
    expect(await t.provider.balance()).toEqual({ balance: 6093 });
    const req = server.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/tbs/credit');
    expect(req.headers.authorization).toBe(BASIC);
    expect(req.body).toBe('');
  });

  it('sums a balance split by credit type', async () => {
    server.reply({ body: { remaining_credit: { standard: 6093, corporate: 4498 } } });
    expect(await t.provider.balance()).toEqual({ balance: 10591, byType: { standard: 6093, corporate: 4498 } });
  });

  it('rejects a balance answer without remaining_credit', async () => {
    server.reply({ body: { something: 1 } });
    const err = await catchError(t.provider.balance());
    expect(err.code).toBe('PROVIDER_BAD_RESPONSE');
    expect(err.outcomeUnknown).toBe(false);
  });

  it('says which credential is missing before calling', async () => {
    const p = makeProvider('thaibulksms', server.url, { config: { credentials: { apiKey: CREDS.thaibulksms.apiKey } } });
    const err = await catchError(p.provider.balance());
    await p.provider.close?.();
    expect(err.kind).toBe('auth');
    expect(err.code).toBe('CREDENTIALS_MISSING');
    expect(err.message).toContain('the profile has no API secret');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses more than 500 recipients without calling', async () => {
    const msisdns = Array.from({ length: 501 }, (_, i) => `668${String(10000000 + i)}`);
    const err = await catchError(t.provider.send({ audience: { msisdns }, content: { text: 'hi' } }));
    expect(err.code).toBe('TOO_MANY_RECIPIENTS');
    expect(server.requests).toHaveLength(0);
  });

  describe('OTP', () => {
    it('requests an OTP on the OTP host with key and secret in a JSON body', async () => {
      server.reply({ body: { status: 'success', token: 'tok_123', refno: 'ABCD' } });
      const r = await t.provider.otpSend!({ msisdn: '66812345678' });
      expect(r).toEqual({ token: 'tok_123', refno: 'ABCD' });
      const req = server.requests[0]!;
      expect(req.method).toBe('POST');
      expect(req.path).toBe('/tbs-otp/v2/otp/request');
      expect(req.headers.authorization).toBeUndefined();
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.headers['user-agent']).toBe(USER_AGENT);
      expect(server.json()).toEqual({ key: CREDS.thaibulksms.otpKey, secret: CREDS.thaibulksms.otpSecret, msisdn: '0812345678' });
    });

    it('verifies a right PIN', async () => {
      server.reply({ body: { status: 'success', message: 'Code is correct.' } });
      expect(await t.provider.otpVerify!('tok_123', '123456')).toEqual({ verified: true, message: 'Code is correct.' });
      expect(server.requests[0]?.path).toBe('/tbs-otp/v2/otp/verify');
      expect(server.json()).toEqual({
        key: CREDS.thaibulksms.otpKey,
        secret: CREDS.thaibulksms.otpSecret,
        token: 'tok_123',
        pin: '123456',
      });
    });

    it('turns a wrong-PIN error answer into verified:false', async () => {
      server.reply({ status: 400, body: { code: 400, errors: [{ message: 'Code is invalid.', detail: 'pin mismatch' }] } });
      expect(await t.provider.otpVerify!('tok_123', '000000')).toEqual({ verified: false, reason: 'wrong', message: 'Code is invalid.' });
    });

    it.each([
      ['Code is expired.', 'expired'],
      ['Token is expired.', 'expired'],
      ['Code has already been used.', 'used'],
      ['Too many wrong attempts.', 'locked'],
      ['Token is invalid.', 'unknown_reference'],
      ['The pin is incorrect.', 'wrong'],
    ])('reads "%s" as %s', async (message, reason) => {
      server.reply({ status: 400, body: { code: 400, errors: [{ message }] } });
      expect((await t.provider.otpVerify!('tok_123', '000000')).reason).toBe(reason);
    });

    it('keeps a 400 that is not about the code an error (a field missing is not "not verified")', async () => {
      server.reply({ status: 400, body: { code: 400, errors: [{ message: 'The pin field is required.' }] } });
      const err = await catchError(t.provider.otpVerify!('tok_123', ''));
      expect(err.code).toBe('PROVIDER_REJECTED');
    });

    it('keeps 401 on verify an auth error, with the OTP credentials hint', async () => {
      server.reply({ status: 401, body: { code: 401, errors: [{ message: 'Unauthorized' }] } });
      const err = await catchError(t.provider.otpVerify!('tok_123', '000000'));
      expect(err.kind).toBe('auth');
      expect(err.code).toBe('PROVIDER_AUTH_FAILED');
      expect(err.message).toContain('OTP key and secret');
    });

    it('retries a PIN check after a 500 or a dropped connection (checking twice does no harm)', async () => {
      server.reply(
        { status: 500, body: { code: 500, errors: [{ message: 'Internal error' }] } },
        { destroy: true },
        { body: { status: 'success', message: 'Code is correct.' } },
      );
      expect(await t.provider.otpVerify!('tok_123', '123456')).toEqual({ verified: true, message: 'Code is correct.' });
      expect(server.requests).toHaveLength(3);
      expect(server.requests.every((r) => r.path === '/tbs-otp/v2/otp/verify')).toBe(true);
      expect(t.sleeps).toHaveLength(2);
    });

    it('does not retry an OTP request after a 500: a second code could go out', async () => {
      server.reply({ status: 500, body: { code: 500, errors: [{ message: 'Internal error' }] } });
      const err = await catchError(t.provider.otpSend!({ msisdn: '66812345678' }));
      expect(err.code).toBe('PROVIDER_UNAVAILABLE');
      expect(err.outcomeUnknown).toBe(true);
      expect(err.retryable).toBe(false);
      expect(server.requests).toHaveLength(1);
      expect(t.sleeps).toEqual([]);
    });

    it('retries an OTP request after a 503 (the provider took nothing)', async () => {
      server.reply({ status: 503 }, { body: { status: 'success', token: 'tok_123', refno: 'ABCD' } });
      expect(await t.provider.otpSend!({ msisdn: '66812345678' })).toEqual({ token: 'tok_123', refno: 'ABCD' });
      expect(server.requests).toHaveLength(2);
      expect(server.json(1)).toEqual(server.json(0));
      expect(t.sleeps).toHaveLength(1);
      expect(t.sleeps[0]).toBeLessThanOrEqual(500);
    });

    it('needs the OTP key and secret', async () => {
      const p = makeProvider('thaibulksms', server.url, {
        config: { credentials: { apiKey: CREDS.thaibulksms.apiKey, apiSecret: CREDS.thaibulksms.apiSecret } },
      });
      const err = await catchError(p.provider.otpSend!({ msisdn: '66812345678' }));
      await p.provider.close?.();
      expect(err.kind).toBe('auth');
      expect(err.code).toBe('OTP_CREDENTIALS_MISSING');
      expect(err.message).toContain('OTP app');
      expect(server.requests).toHaveLength(0);
    });

    it('masks the OTP key and secret in the verbose log', async () => {
      server.reply({ body: { status: 'success', token: 'tok_123', refno: 'ABCD' } });
      await t.provider.otpSend!({ msisdn: '66812345678' });
      expect(t.log[1]).toContain('"key":"otp…def"');
      expect(t.log[1]).toContain('"secret":"otps…4321"');
      expect(leakedSecrets(t.log)).toEqual([]);
    });
  });
});
