import { describe, expect, test } from 'vitest';
import { SANDBOX_KEYS } from '../../src/sandbox/index.js';
import { api, clock, sandbox, TBS_OTP } from './helpers.js';

const form = (extra: Record<string, string> = {}) => ({ msisdn: '0812345678', message: 'Hello', sender: 'Demo', ...extra });

describe('ThaiBulkSMS send', () => {
  test('form-urlencoded body → 201 with the documented body', async () => {
    const s = await sandbox();
    const a = api(s);
    const r = await a.tbsForm('/sms', form({ msisdn: '0812345678,66898765432,+66612345678', message: 'x'.repeat(200) }));
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      remaining_credit: 100000 - 6,
      total_use_credit: 6,
      credit_type: 'standard',
      phone_number_list: ['66812345678', '66898765432', '66612345678'].map((number) => ({
        number,
        message_id: expect.stringMatching(/^[0-9A-Za-z]{22}$/),
        used_credit: 2,
      })),
      bad_phone_number_list: [],
    });
    expect((await a.tbs('/credit')).body).toEqual({ remaining_credit: { standard: 99994, corporate: 0 } });
  });

  test('JSON body works too, and invalid numbers go to bad_phone_number_list', async () => {
    const s = await sandbox();
    const r = await api(s).tbs('/sms', { method: 'POST', json: { msisdn: '0812345678,0212345678, 12', message: 'Hi', sender: 'Demo' } });
    expect(r.status).toBe(201);
    expect(r.body.phone_number_list.map((p: { number: string }) => p.number)).toEqual(['66812345678']);
    expect(r.body.bad_phone_number_list).toEqual([
      { number: '0212345678', message: expect.stringContaining('landline') },
      { number: '12', message: expect.stringContaining('Invalid phone number') },
    ]);
    expect(r.body.total_use_credit).toBe(1);
  });

  test.each([
    ['all numbers invalid', form({ msisdn: '0212345678,abc' }), 'ERROR_MSISDN', 114],
    ['no number', form({ msisdn: '' }), 'ERROR_MSISDN', 114],
    ['501 numbers', form({ msisdn: Array.from({ length: 501 }, (_, i) => `08${String(10000000 + i)}`).join(',') }), 'ERROR_MSISDN_EXCEEDED_LIMIT', 115],
    ['an empty message', form({ message: '' }), 'ERROR_MESSAGE', 112],
    ['a sender over 11 characters', form({ sender: 'TWELVECHARSX' }), 'ERROR_SENDER', 110],
    ['scheduled_delivery not ISO', form({ scheduled_delivery: '17/12/2026 17:12' }), 'ERROR_SCHEDULED_DELIVERY', 119],
    ['scheduled_delivery in UTC', form({ scheduled_delivery: '2026-02-01T10:00:00Z' }), 'ERROR_SCHEDULED_DELIVERY_TIMEZONE', 121],
    ['scheduled_delivery without offset', form({ scheduled_delivery: '2026-02-01T10:00:00' }), 'ERROR_SCHEDULED_DELIVERY_TIMEZONE', 121],
    ['scheduled_delivery over a year ahead', form({ scheduled_delivery: '2027-01-16T10:00:00+07:00' }), 'ERROR_SCHEDULED_DELIVERY_TOO_FAR', 120],
    ['an unknown force', form({ force: 'premium' }), 'ERROR_FORCE', 109],
    ['a bad callback_method', form({ callback_method: 'DELETE' }), 'ERROR_CALLBACK_METHOD', 118],
    ['a bad callback_url', form({ callback_url: 'not a url' }), 'ERROR_CALLBACK_URL', 117],
  ])('rejects %s with 400 %s', async (_name, body, name, code) => {
    const c = clock();
    const s = await sandbox({ now: c.now });
    const r = await api(s).tbsForm('/sms', body);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code, name, description: expect.any(String) });
    expect((await api(s).tbs('/credit')).body.remaining_credit.standard).toBe(100000);
  });

  test('a schedule within a year in +07:00 is accepted', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now });
    const r = await api(s).tbsForm('/sms', form({ scheduled_delivery: '2027-01-15T09:59:00+07:00', tag: 'promo', shorten_url: 'true' }));
    expect(r.status).toBe(201);
  });

  test('insufficient credit → 400 ERROR_INSUFFICIENT_CREDIT, nothing charged', async () => {
    const s = await sandbox({ balances: { thaibulksms: 1 } });
    const a = api(s);
    const r = await a.tbsForm('/sms', form({ msisdn: '0812345678,0898765432' }));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ name: 'ERROR_INSUFFICIENT_CREDIT', description: 'Insufficient credit.' });
    expect((await a.tbs('/credit')).body.remaining_credit.standard).toBe(1);
  });

  test('force=corporate spends the corporate balance (0 until set)', async () => {
    const s = await sandbox();
    const a = api(s);
    expect((await a.tbsForm('/sms', form({ force: 'corporate' }))).body.error.name).toBe('ERROR_INSUFFICIENT_CREDIT');
    const set = await a.admin('/balance', { method: 'POST', json: { provider: 'thaibulksms', balance: 10, creditType: 'corporate' } });
    expect(set.body).toEqual({ provider: 'thaibulksms', creditType: 'corporate', balance: 10 });
    const r = await a.tbsForm('/sms', form({ force: 'corporate' }));
    expect(r.body).toMatchObject({ credit_type: 'corporate', remaining_credit: 9, total_use_credit: 1 });
    expect((await a.tbs('/credit')).body).toEqual({ remaining_credit: { standard: 100000, corporate: 9 } });
  });

  test('POST /__sandbox/balance sets the standard balance', async () => {
    const s = await sandbox();
    const a = api(s);
    expect((await a.admin('/balance', { method: 'POST', json: { provider: 'thaibulksms', balance: 42 } })).status).toBe(200);
    expect((await a.tbs('/credit')).body.remaining_credit.standard).toBe(42);
    expect((await a.admin('/balance', { method: 'POST', json: { provider: 'nope', balance: 1 } })).status).toBe(400);
    expect((await a.admin('/balance', { method: 'POST', json: { provider: 'mesms', balance: -1 } })).status).toBe(400);
  });
});

describe('ThaiBulkSMS OTP', () => {
  const request = (s: Awaited<ReturnType<typeof sandbox>>, msisdn = '0812345678') =>
    api(s).otp('/v2/otp/request', { ...TBS_OTP, msisdn });
  const verify = (s: Awaited<ReturnType<typeof sandbox>>, token: string, pin: string) =>
    api(s).otp('/v2/otp/verify', { ...TBS_OTP, token, pin });

  test('request → code from inbox → verify once; wrong and reused codes are 400s with their own messages', async () => {
    const s = await sandbox();
    const r = await request(s, '+66812345678');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'success', token: expect.any(String), refno: expect.stringMatching(/^[A-Z0-9]{6}$/) });
    const [msg] = await api(s).inbox('0812345678');
    const code = /Your OTP is (\d{6}) \(Ref: ([A-Z0-9]{6})\)/.exec(msg?.text ?? '');
    expect(code?.[2]).toBe(r.body.refno);
    expect(msg).toMatchObject({ msisdn: '66812345678', provider: 'thaibulksms' });
    const pin = code?.[1] ?? '';

    const wrong = await verify(s, r.body.token, pin === '000000' ? '111111' : '000000');
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 400, errors: [{ message: 'Code is invalid.' }] });
    const ok = await verify(s, r.body.token, pin);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'success', message: 'Code is correct.' });
    const reused = await verify(s, r.body.token, pin);
    expect(reused.status).toBe(400);
    expect(reused.body.errors[0].message).toBe('Code has already been used.');
  });

  test('five wrong codes end the OTP; the lifetime is the sandbox owner\'s setting (ThaiBulkSMS: the dashboard\'s)', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now, otpTtlMs: 3_000 });
    const r = await request(s);
    const pin = /(\d{6})/.exec((await api(s).inbox('66812345678'))[0]?.text ?? '')?.[1] ?? '';
    const wrong = pin === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) expect((await verify(s, r.body.token, wrong)).body.errors[0].message).toBe('Code is invalid.');
    expect((await verify(s, r.body.token, wrong)).body.errors[0].message).toBe('Too many wrong attempts.');
    expect((await verify(s, r.body.token, pin)).body.errors[0].message).toBe('Too many wrong attempts.');
    const next = await request(s);
    c.advance(3_000);
    expect((await verify(s, next.body.token, pin)).body.errors[0].message).toBe('Code is expired.');
  });

  test('an expired code fails after five minutes; unknown tokens and bad numbers are 400', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now });
    const r = await request(s);
    const pin = /(\d{6})/.exec((await api(s).inbox('66812345678'))[0]?.text ?? '')?.[1] ?? '';
    c.advance(5 * 60_000);
    const expired = await verify(s, r.body.token, pin);
    expect(expired.status).toBe(400);
    expect(expired.body.errors[0].message).toBe('Code is expired.');
    const unknown = await verify(s, 'no-such-token', pin);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].message).toBe('Token is invalid.');
    const bad = await request(s, '0212345678');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 400, errors: [{ message: 'The msisdn is invalid.' }] });
  });

  test('accepts form-urlencoded bodies and is not charged to the SMS balance', async () => {
    const s = await sandbox();
    const res = await fetch(`${s.info.providers.thaibulksms.otpBaseUrl}/v2/otp/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: SANDBOX_KEYS.thaibulksms.otpKey, secret: SANDBOX_KEYS.thaibulksms.otpSecret, msisdn: '0812345678' }),
    });
    expect(res.status).toBe(200);
    expect((await api(s).tbs('/credit')).body.remaining_credit.standard).toBe(100000);
  });
});
