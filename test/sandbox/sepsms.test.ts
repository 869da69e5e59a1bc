import { describe, expect, test } from 'vitest';
import { partsOf } from '../../src/sandbox/parts.js';
import { api, clock, sandbox } from './helpers.js';

const THAI = 'สวัสดีคุณลูกค้า รับส่วนลด 10% วันนี้ สวัสดีคุณลูกค้า รับส่วนลด 10% วันนี้ สวัสดีคุณลูกค้า';
const send = (recipients: unknown, extra: Record<string, unknown> = {}) => ({
  method: 'POST',
  json: { origin: 'SEPSMS', recipients, message: 'Hello', scheduledTime: null, ...extra },
});

describe('SEPSMS send', () => {
  test('answers the documented shape and charges parts × recipients', async () => {
    const s = await sandbox();
    const a = api(s);
    expect(partsOf(THAI).parts).toBe(2);
    const r = await a.sep('/message/send', send(['66812345678', '0898765432'], { message: THAI }));
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.result).sort()).toEqual(['blockedCount', 'refNo', 'status', 'totalCredit', 'totalMsisdn', 'uuid']);
    expect(r.body.result).toMatchObject({ totalMsisdn: 2, totalCredit: 4, blockedCount: 0, status: 'pending' });
    expect(r.body.result.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.body.result.refNo).toMatch(/^SP\d{14}$/);
    expect((await a.sep('/message/credit/balance')).body).toEqual({ result: { balance: 100000 - 4 } });
    const detail = await a.sep(`/message/${r.body.result.uuid}`);
    expect(detail.body.result).toMatchObject({ uuid: r.body.result.uuid, origin: 'SEPSMS', message: THAI, status: 'pending', totalMsisdn: 2 });
  });

  test('counts blocklisted magic numbers in blockedCount', async () => {
    const s = await sandbox();
    const r = await api(s).sep('/message/send', send(['0800000003', '0812345678']));
    expect(r.body.result.blockedCount).toBe(1);
  });

  test.each([
    ['invalid number', send(['0812345678', '0212345678', 'abc']), /0212345678 \(landline.*abc/],
    ['+66 form (not accepted by SEPSMS)', send(['+66812345678']), /\+66812345678/],
    ['empty recipients', send([]), /recipients/],
    ['recipients not an array', send('0812345678'), /recipients/],
    ['missing origin', send(['0812345678'], { origin: undefined }), /origin is required/],
    ['origin too long', send(['0812345678'], { origin: 'ABCDEFGHIJKL' }), /at most 11/],
    ['empty message', send(['0812345678'], { message: '' }), /message is required/],
    ['scheduledTime not ISO', send(['0812345678'], { scheduledTime: 'tomorrow' }), /ISO 8601/],
    ['scheduledTime without offset', send(['0812345678'], { scheduledTime: '2026-06-01T10:00:00' }), /timezone offset/],
  ])('rejects %s with 400 validation.failed', async (_name, init, message) => {
    const s = await sandbox();
    const r = await api(s).sep('/message/send', init);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ success: false, error: { code: 'validation.failed' } });
    expect(r.body.error.message).toMatch(message);
    expect((await api(s).sep('/message')).body.result.total).toBe(0);
  });

  test('insufficient credit → 402 and nothing charged or stored', async () => {
    const s = await sandbox({ balances: { sepsms: 1 } });
    const a = api(s);
    const r = await a.sep('/message/send', send(['0812345678', '0898765432']));
    expect(r.status).toBe(402);
    expect(r.body).toMatchObject({ success: false, error: { code: 'credit.insufficient' } });
    expect((await a.sep('/message/credit/balance')).body.result.balance).toBe(1);
    expect((await a.sep('/message')).body.result.total).toBe(0);
    expect((await a.sep('/message/send', send(['0812345678']))).status).toBe(200);
    expect((await a.sep('/message/credit/balance')).body.result.balance).toBe(0);
  });
});

describe('SEPSMS cancel', () => {
  test('refunds a scheduled message and reports the error codes in SEPSMS shape', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now });
    const a = api(s);
    const at = new Date(c.now() + 3_600_000).toISOString();
    const sched = await a.sep('/message/send', send(['0812345678', '0898765432'], { scheduledTime: at }));
    expect(sched.body.result.status).toBe('scheduled');
    expect((await a.sep('/message/credit/balance')).body.result.balance).toBe(99998);

    const ok = await a.sep(`/message/${sched.body.result.uuid}/cancel`, { method: 'POST' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ result: { uuid: sched.body.result.uuid, status: 'cancelled', refundedCredit: 2 } });
    expect((await a.sep('/message/credit/balance')).body.result.balance).toBe(100000);

    const again = await a.sep(`/message/${sched.body.result.uuid}/cancel`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ success: false, error: { code: 'ALREADY_CANCELLED' } });

    const now = await a.sep('/message/send', send(['0812345678']));
    const notScheduled = await a.sep(`/message/${now.body.result.uuid}/cancel`, { method: 'POST' });
    expect(notScheduled.status).toBe(400);
    expect(notScheduled.body.error.code).toBe('NOT_SCHEDULED');

    const soon = await a.sep('/message/send', send(['0812345678'], { scheduledTime: new Date(c.now() + 60_000).toISOString() }));
    c.advance(60_000);
    const processing = await a.sep(`/message/${soon.body.result.uuid}/cancel`, { method: 'POST' });
    expect(processing.status).toBe(409);
    expect(processing.body.error.code).toBe('ALREADY_PROCESSING');
    expect((await a.sep(`/message/${soon.body.result.uuid}`)).body.result.status).toBe('processing');

    expect((await a.sep('/message/00000000-0000-4000-8000-000000000000/cancel', { method: 'POST' })).status).toBe(404);
    expect((await a.sep(`/message/${sched.body.result.uuid}/cancel`, { method: 'POST', headers: { 'X-API-Key': 'sk_sep_sandbox_readonly_00000000' } })).status).toBe(403);

    // A cancelled message never delivers.
    c.advance(7_200_000);
    const detail = (await a.sep(`/message/${sched.body.result.uuid}`)).body.result;
    expect(detail).toMatchObject({ status: 'cancelled', refundedCount: 2, refundedCredit: 2, drSummary: [{ drStatus: 'cancelled', count: 2 }] });
    const rec = (await a.sep(`/message/${sched.body.result.uuid}/recipients`)).body.result;
    expect(rec.recipients.map((x: { status: string }) => x.status)).toEqual(['cancelled', 'cancelled']);
    expect((await api(s).inbox()).filter((m) => m.at === at)).toEqual([]);
  });
});

describe('SEPSMS rate limits', () => {
  test('send calls per key per minute → 429 with Retry-After and RateLimit-Remaining', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now, rateLimits: { sepsmsSendPerMinute: 2 } });
    const a = api(s);
    const first = await a.sep('/message/send', send(['0812345678']));
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    c.advance(20_000);
    expect((await a.sep('/message/send', send(['0812345678']))).headers.get('ratelimit-remaining')).toBe('0');
    c.advance(10_000);
    const limited = await a.sep('/message/send', send(['0812345678']));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.body).toMatchObject({ success: false, error: { code: 'rate_limit.exceeded' } });
    expect((await a.sep('/message/credit/balance')).body.result.balance).toBe(99998);
    // Other endpoints are not send calls.
    expect((await a.sep('/message')).status).toBe(200);
    c.advance(30_000);
    expect((await a.sep('/message/send', send(['0812345678']))).status).toBe(200);
  });

  test('OTP sends per client IP and all calls per key', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now, rateLimits: { sepsmsOtpPerMinutePerIp: 1, sepsmsAllPerMinute: 4 } });
    const a = api(s);
    const otp = { method: 'POST', json: { destination: '0812345678', origin: 'SEPSMS' } };
    expect((await a.sep('/otp/send', otp)).status).toBe(200);
    const limited = await a.sep('/otp/send', otp);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    // The per-IP limit holds whichever key is used.
    expect((await a.sep('/otp/send', { ...otp, headers: { 'X-API-Key': 'sk_sep_sandbox_readonly_00000000' } })).status).toBe(429);
    // Refused calls spend nothing: one OTP send so far.
    expect((await a.sep('/message')).headers.get('ratelimit-remaining')).toBe('2');
    expect((await a.sep('/message')).headers.get('ratelimit-remaining')).toBe('1');
    expect((await a.sep('/message')).headers.get('ratelimit-remaining')).toBe('0');
    const all = await a.sep('/message');
    expect(all.status).toBe(429);
    expect(all.headers.get('ratelimit-remaining')).toBe('0');
    c.advance(60_000);
    expect((await a.sep('/message')).status).toBe(200);
  });

  test('every SEPSMS response carries RateLimit-Remaining; 0 means unlimited', async () => {
    const s = await sandbox();
    const a = api(s);
    expect((await a.sep('/message')).headers.get('ratelimit-remaining')).toBe('2399');
    expect((await a.sep('/nope')).headers.get('ratelimit-remaining')).toBe('2399');
    expect((await a.sep('/message', { headers: { 'X-API-Key': 'bad' } })).headers.get('ratelimit-remaining')).toBe('2400');
    const u = await sandbox({ rateLimits: { sepsmsSendPerMinute: 0, sepsmsAllPerMinute: 0 } });
    for (let i = 0; i < 5; i++) expect((await api(u).sep('/message/send', send(['0812345678']))).status).toBe(200);
  });
});

describe('SEPSMS OTP', () => {
  test('send → code from inbox → verify once; wrong, reused and expired codes fail', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now });
    const a = api(s);
    const r = await a.sep('/otp/send', { method: 'POST', json: { destination: '0812345678', origin: 'SEPSMS' } });
    expect(r.status).toBe(200);
    expect(r.body.result).toEqual({
      uuid: expect.any(String),
      reference: expect.stringMatching(/^[A-Z0-9]{6}$/),
      destination: '66812345678',
      expiresAt: new Date(c.now() + 300_000).toISOString(),
      ttlSeconds: 300,
    });
    const { reference } = r.body.result;
    const [msg] = await a.inbox('0812345678');
    expect(msg).toMatchObject({ msisdn: '66812345678', sender: 'SEPSMS', provider: 'sepsms', at: new Date(c.now()).toISOString() });
    const code = /(\d{6})/.exec(msg?.text ?? '')?.[1] ?? '';
    expect(msg?.text).toBe(`Your verification code is ${code} (Ref: ${reference})`);
    expect((await a.sep('/message/credit/balance')).body.result.balance).toBe(99999);

    const verify = (pin: string, ref = reference) => a.sep('/otp/verify', { method: 'POST', json: { reference: ref, pin } });
    const wrong = code === '000000' ? '111111' : '000000';
    // The reason and attemptsLeft are the sandbox's assumption (SEPSMS publishes verified:false only).
    expect((await verify(wrong)).body).toEqual({ result: { reference, verified: false, reason: 'invalid_code', attemptsLeft: 4 } });
    expect((await verify(code)).body).toEqual({ result: { reference, verified: true } });
    expect((await verify(code)).body).toEqual({ result: { reference, verified: false, reason: 'already_verified' } });

    const unknown = await verify('123456', 'ZZZZZZ9');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('otp.not_found');

    const short = await a.sep('/otp/send', {
      method: 'POST',
      json: { destination: '66898765432', origin: 'SEPSMS', ttlSeconds: 60, codeLength: 4, template: 'PIN {code}' },
    });
    const pin = (await a.inbox('66898765432'))[0]?.text.slice(4) ?? '';
    expect(pin).toMatch(/^\d{4}$/);
    c.advance(60_000);
    expect((await verify(pin, short.body.result.reference)).body.result).toMatchObject({ verified: false, reason: 'expired' });
  });

  test('a lifetime set by the sandbox owner (not a request) may be shorter than a request may ask for', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now, otpTtlMs: 5_000 });
    const r = await api(s).sep('/otp/send', { method: 'POST', json: { destination: '0812345678', origin: 'SEPSMS' } });
    expect(r.body.result).toMatchObject({ ttlSeconds: 5, expiresAt: new Date(c.now() + 5_000).toISOString() });
    // A request still gets the published range.
    expect((await api(s).sep('/otp/send', { method: 'POST', json: { destination: '0812345678', origin: 'SEPSMS', ttlSeconds: 5 } })).status).toBe(400);
  });

  test('five wrong codes kill the OTP', async () => {
    const s = await sandbox();
    const a = api(s);
    const r = await a.sep('/otp/send', { method: 'POST', json: { destination: '0812345678', origin: 'SEPSMS', template: '{code}' } });
    const code = (await a.inbox('0812345678'))[0]?.text ?? '';
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) await a.sep('/otp/verify', { method: 'POST', json: { reference: r.body.result.reference, pin: wrong } });
    expect((await a.sep('/otp/verify', { method: 'POST', json: { reference: r.body.result.reference, pin: code } })).body.result).toMatchObject({
      verified: false,
      reason: 'too_many_attempts',
    });
  });

  test.each([
    [{ ttlSeconds: 59 }, /ttlSeconds.*60 to 600/],
    [{ ttlSeconds: 601 }, /ttlSeconds/],
    [{ codeLength: 3 }, /codeLength.*4 to 8/],
    [{ codeLength: 9 }, /codeLength/],
    [{ template: 'no placeholder' }, /\{code\}/],
    [{ destination: '021234567' }, /destination/],
    [{ origin: '' }, /origin/],
  ])('rejects %o with 400 validation.failed', async (extra, message) => {
    const s = await sandbox();
    const r = await api(s).sep('/otp/send', { method: 'POST', json: { destination: '0812345678', origin: 'SEPSMS', ...extra } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation.failed');
    expect(r.body.error.message).toMatch(message);
    expect(await api(s).inbox()).toEqual([]);
  });
});

describe('SEPSMS message list', () => {
  test('lists newest first with filters and paging', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now, deliveryDelayMs: 1000 });
    const a = api(s);
    const one = await a.sep('/message/send', send(['0812345678'], { message: 'first promo' }));
    c.advance(10_000);
    await a.sep('/message/send', send(['0812345678'], { origin: 'OTHER', message: 'second' }));
    c.advance(10_000);
    await a.sep('/message/send', send(['0812345678'], { message: 'third', scheduledTime: new Date(c.now() + 3_600_000).toISOString() }));

    const all = (await a.sep('/message')).body.result;
    expect(all).toMatchObject({ page: 1, limit: 20, total: 3 });
    expect(all.data.map((m: { message: string }) => m.message)).toEqual(['third', 'second', 'first promo']);
    expect(all.data.map((m: { status: string }) => m.status)).toEqual(['scheduled', 'completed', 'completed']);
    expect((await a.sep('/message?status=scheduled')).body.result.total).toBe(1);
    expect((await a.sep('/message?origin=other')).body.result.data[0].origin).toBe('OTHER');
    expect((await a.sep('/message?search=PROMO')).body.result.data[0].uuid).toBe(one.body.result.uuid);
    expect((await a.sep(`/message?search=${one.body.result.refNo}`)).body.result.total).toBe(1);
    const from = new Date(c.now() - 10_000).toISOString();
    expect((await a.sep(`/message?from=${encodeURIComponent(from)}`)).body.result.total).toBe(2);
    expect((await a.sep(`/message?to=${encodeURIComponent(from)}`)).body.result.total).toBe(2);
    const p2 = (await a.sep('/message?page=2&limit=2')).body.result;
    expect(p2).toMatchObject({ page: 2, limit: 2, total: 3 });
    expect(p2.data).toHaveLength(1);
    expect((await a.sep('/message?status=sent')).status).toBe(400);
    expect((await a.sep('/message?limit=101')).status).toBe(400);
  });
});
