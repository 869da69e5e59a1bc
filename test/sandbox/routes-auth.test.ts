import { describe, expect, test } from 'vitest';
import { SANDBOX_KEYS, sandboxInfo } from '../../src/sandbox/index.js';
import { api, call, ME_RO, SEP_RO, TBS_OTP, sandbox } from './helpers.js';

describe('info and routing', () => {
  test('GET /__sandbox/info describes every provider with its test keys', async () => {
    const s = await sandbox();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await call(`${s.url}/__sandbox/info`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(s.info);
    expect(s.info).toEqual(sandboxInfo(s.url));
    expect(s.info.providers).toEqual({
      sepsms: { baseUrl: `${s.url}/sepsms/api/v2`, apiKey: SANDBOX_KEYS.sepsms.apiKey },
      mesms: { baseUrl: `${s.url}/mesms/api/v2`, apiKey: SANDBOX_KEYS.mesms.apiKey },
      thaibulksms: {
        baseUrl: `${s.url}/thaibulksms`,
        apiKey: 'tbs_sandbox_key_000000000000',
        apiSecret: 'tbs_sandbox_secret_0000000000',
        otpBaseUrl: `${s.url}/thaibulksms-otp`,
        otpKey: 'tbs_otp_key_0000000000000',
        otpSecret: 'tbs_otp_secret_00000000000',
      },
    });
    expect(sandboxInfo(`${s.url}/`).providers.mesms.baseUrl).toBe(`${s.url}/mesms/api/v2`);
  });

  test('unknown routes answer 404 in each provider shape', async () => {
    const s = await sandbox();
    const a = api(s);
    const sep = await a.sep('/nope');
    expect(sep.status).toBe(404);
    expect(sep.body).toMatchObject({ success: false, error: { code: 'route.not_found' } });
    expect((await a.me('/nope')).body).toMatchObject({ code: 'NOT_FOUND', error: expect.any(String) });
    const tbs = await a.tbs('/nope');
    expect(tbs.status).toBe(404);
    expect(tbs.body.error).toMatchObject({ code: 404, name: 'ERROR_NOT_FOUND', description: 'Not Found.' });
    const otp = await a.otp('/v2/otp/nope', {});
    expect(otp.status).toBe(404);
    expect(otp.body).toMatchObject({ code: 404, errors: [{ message: expect.any(String) }] });
    const other = await call(`${s.url}/elsewhere`);
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ code: 'NOT_FOUND' });
    expect((await a.sep('/message/6b1d5f0e-0000-4000-8000-000000000000')).body.error.code).toBe('message.not_found');
    expect((await a.me('/sms/6b1d5f0e-0000-4000-8000-000000000000')).body).toEqual({
      error: 'Message 6b1d5f0e-0000-4000-8000-000000000000 not found',
      code: 'NOT_FOUND',
    });
  });

  test('a wrong method answers 405 with Allow', async () => {
    const s = await sandbox();
    const a = api(s);
    const sep = await a.sep('/message/send');
    expect(sep.status).toBe(405);
    expect(sep.headers.get('allow')).toBe('POST');
    expect(sep.body.error.code).toBe('method.not_allowed');
    const me = await a.me('/sms/preview-cost');
    expect(me.status).toBe(405);
    expect(me.body.code).toBe('METHOD_NOT_ALLOWED');
    expect((await a.me('/sms/credit/balance', { method: 'POST' })).status).toBe(405);
    const tbs = await a.tbs('/sms');
    expect(tbs.status).toBe(405);
    expect(tbs.body.error.name).toBe('ERROR_METHOD_NOT_ALLOWED');
    expect((await a.tbs('/credit', { method: 'POST' })).status).toBe(405);
    expect((await call(`${s.info.providers.thaibulksms.otpBaseUrl}/v2/otp/request`)).status).toBe(405);
  });

  test('bodies that are not JSON are 400 in the provider shape', async () => {
    const s = await sandbox();
    const a = api(s);
    const headers = { 'content-type': 'application/json' };
    const sep = await a.sep('/message/send', { method: 'POST', headers, body: '{oops' });
    expect(sep.status).toBe(400);
    expect(sep.body.error.code).toBe('validation.failed');
    const me = await a.me('/sms/send', { method: 'POST', headers, body: '[1,2]' });
    expect(me.status).toBe(400);
    expect(me.body.code).toBe('INVALID_JSON');
  });
});

describe('authentication', () => {
  test('SEPSMS: missing or wrong key → 401, missing scope → 403', async () => {
    const s = await sandbox();
    const base = s.info.providers.sepsms.baseUrl;
    const expected = { success: false, error: { code: 'auth.invalid_credentials', message: 'API key is missing or invalid' } };
    const missing = await call(`${base}/message/credit/balance`);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual(expected);
    expect((await call(`${base}/message/credit/balance`, { headers: { 'X-API-Key': 'sk_sep_wrong' } })).body).toEqual(expected);

    const send = await call(`${base}/message/send`, { method: 'POST', headers: SEP_RO, json: { origin: 'A', recipients: ['0812345678'], message: 'x' } });
    expect(send.status).toBe(403);
    expect(send.body).toMatchObject({ success: false, error: { code: 'auth.insufficient_scope' } });
    expect(send.body.error.message).toContain('sms:send');
    expect((await call(`${base}/message/credit/balance`, { headers: SEP_RO })).status).toBe(403);
    expect((await call(`${base}/otp/send`, { method: 'POST', headers: SEP_RO, json: {} })).status).toBe(403);
    expect((await call(`${base}/message`, { headers: SEP_RO })).status).toBe(200);
  });

  test('ME-SMS: missing or wrong key → 401, key without sms:send → 403 on send only', async () => {
    const s = await sandbox();
    const base = s.info.providers.mesms.baseUrl;
    const r = await call(`${base}/sms/credit/balance`, { headers: { 'x-api-key': 'nope' } });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: 'Missing or invalid API key', code: 'UNAUTHORIZED' });
    expect((await call(`${base}/senders`)).status).toBe(401);

    const send = await call(`${base}/sms/send`, { method: 'POST', headers: ME_RO, json: { sender: 'A', msisdns: ['0812345678'], content: 'x' } });
    expect(send.status).toBe(403);
    expect(send.body.code).toBe('FORBIDDEN');
    expect((await call(`${base}/sms/credit/balance`, { headers: ME_RO })).body).toEqual({ result: { balance: 100000 } });
    expect((await call(`${base}/senders`, { headers: ME_RO })).status).toBe(200);
  });

  test('ThaiBulkSMS: Basic auth with key:secret, 401 otherwise', async () => {
    const s = await sandbox();
    const base = s.info.providers.thaibulksms.baseUrl;
    const expected = { error: { code: 401, name: 'ERROR_AUTHENTICATION_FAILED', description: 'Authentication failed.' } };
    const none = await call(`${base}/credit`);
    expect(none.status).toBe(401);
    expect(none.body).toEqual(expected);
    const wrong = `Basic ${Buffer.from(`${SANDBOX_KEYS.thaibulksms.apiKey}:wrong`).toString('base64')}`;
    expect((await call(`${base}/credit`, { headers: { Authorization: wrong } })).body).toEqual(expected);
    // The OTP key pair is not an SMS key pair.
    const otpPair = `Basic ${Buffer.from(`${TBS_OTP.key}:${TBS_OTP.secret}`).toString('base64')}`;
    expect((await call(`${base}/credit`, { headers: { Authorization: otpPair } })).status).toBe(401);
    expect((await api(s).tbs('/credit')).status).toBe(200);
  });

  test('ThaiBulkSMS OTP: key/secret in the body, 401 otherwise', async () => {
    const s = await sandbox();
    const r = await api(s).otp('/v2/otp/request', { key: TBS_OTP.key, secret: 'nope', msisdn: '0812345678' });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ code: 401, errors: [{ message: 'Invalid key or secret.' }] });
    const sms = await api(s).otp('/v2/otp/request', {
      key: SANDBOX_KEYS.thaibulksms.apiKey,
      secret: SANDBOX_KEYS.thaibulksms.apiSecret,
      msisdn: '0812345678',
    });
    expect(sms.status).toBe(401);
  });
});
