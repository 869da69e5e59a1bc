import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JoinedNumbers } from '../../src/core/numbers.js';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';
import { startTestServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';
import { CREDS, USER_AGENT, catchError, makeProvider } from './fixtures.js';
import type { TestProvider } from './fixtures.js';

const BASE = '/mesms/api/v2';

describe('ME-SMS adapter', () => {
  let server: TestServer;
  let t: TestProvider;
  beforeEach(async () => {
    server = await startTestServer();
    t = makeProvider('mesms', server.url);
  });
  afterEach(async () => {
    await t.provider.close?.();
    await server.close();
  });

  describe('its limits, as `smsctl` (in-process) meets them', () => {
    let tmp: ReturnType<typeof tempConfigDir>;
    beforeEach(() => {
      tmp = tempConfigDir();
      server.route({ method: 'GET', path: `${BASE}/sms/credit/balance` }, () => ({ body: { result: { balance: 100_000 } } }));
      // send checks its sender against the account's list first.
      const approved = ['SHOP', 'ABCDEFGHIJK'].map((name) => ({ name, status: 'approved' }));
      server.route({ method: 'GET', path: `${BASE}/senders` }, () => ({ body: { result: approved } }));
    });
    afterEach(() => tmp.cleanup());
    const env = () => ({ SMSCTL_PROVIDER: 'mesms', SMSCTL_BASE_URL: `${server.url}${BASE}`, SMSCTL_API_KEY: CREDS.mesms.apiKey });
    const dryRun = (...args: string[]) => run(['send', '--to', '0812345678', '--dry-run', '--json', ...args], { configDir: tmp.dir, env: env() });
    const error = (r: { stdout: string }) => JSON.parse(r.stdout).error as { code: string; message: string };

    it('takes up to 2,000,000 numbers a request: --batch-size above is refused, and so is a longer list, before anything is sent', async () => {
      const most = await dryRun('-m', 'hi', '--sender', 'SHOP', '--batch-size', '2000000');
      expect(most.code, most.stderr).toBe(0);
      expect(JSON.parse(most.stdout)).toMatchObject({ requestsPlanned: 1 });
      const over = await dryRun('-m', 'hi', '--sender', 'SHOP', '--batch-size', '2000001');
      expect(over.code).toBe(2);
      expect(error(over)).toMatchObject({ code: 'BAD_FLAG', message: expect.stringContaining('ME-SMS takes at most 2,000,000 numbers a request') });
      // The adapter holds the line too, whatever cap a profile asks for.
      const n = 2_000_001;
      const numbers = new JoinedNumbers(`${'66812345678,'.repeat(n - 1)}66812345678`, n);
      const capped = makeProvider('mesms', server.url, { config: { maxRecipientsPerRequest: 5_000_000 } });
      for (const p of [t.provider, capped.provider]) {
        const err = await catchError(p.send({ audience: { msisdns: numbers }, content: { text: 'hi' }, sender: 'SHOP' }));
        expect(err.code).toBe('TOO_MANY_RECIPIENTS');
        expect(err.message).toContain('at most 2000000 recipients per request');
      }
      await capped.provider.close?.();
      expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });

    it('takes senders of up to 11 characters and messages of up to 1,000; offers no OTP', async () => {
      expect((await dryRun('-m', 'hi', '--sender', 'ABCDEFGHIJK')).code).toBe(0);
      const sender = await dryRun('-m', 'hi', '--sender', 'ABCDEFGHIJKL');
      expect(sender.code).toBe(3);
      expect(error(sender)).toMatchObject({ code: 'SENDER_TOO_LONG', message: expect.stringContaining('is 12 characters; ME-SMS accepts at most 11') });
      expect((await dryRun('-m', 'a'.repeat(1000), '--sender', 'SHOP')).code).toBe(0);
      const long = await dryRun('-m', 'a'.repeat(1001), '--sender', 'SHOP');
      expect(long.code).toBe(3);
      expect(error(long).message).toContain('the message is 1001 characters; ME-SMS accepts at most 1000');
      for (const args of [['otp', 'send', '--to', '0812345678'], ['otp', 'verify', '--token', 't', '--code', '123456']]) {
        const r = await run([...args, '--json'], { configDir: tmp.dir, env: env() });
        expect({ args, code: r.code }).toEqual({ args, code: 2 });
        expect(error(r)).toMatchObject({ code: 'NOT_OFFERED', message: expect.stringContaining(`ME-SMS does not offer \`${args.slice(0, 2).join(' ')}\``) });
      }
      expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });
  });

  it('sends JSON with x-api-key; no scheduledTime unless scheduled', async () => {
    server.reply(
      { body: { result: { uuid: 'u1', refNo: 'ME1', totalMsisdn: 2, totalCredit: 2, blockedCount: 0, status: 'pending' } } },
      { status: 201, body: { result: { uuid: 'u2', totalMsisdn: 1, totalCredit: 1, status: 'scheduled' } } },
    );
    const r = await t.provider.send({ audience: { msisdns: ['66812345678', '66898765432'] }, content: { text: 'hello' }, sender: 'MYSHOP' });
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`${BASE}/sms/send`);
    expect(req.headers['x-api-key']).toBe(CREDS.mesms.apiKey);
    expect(req.headers['user-agent']).toBe(USER_AGENT);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['content-length']).toBe(String(Buffer.byteLength(req.body)));
    expect(server.json(0)).toEqual({ sender: 'MYSHOP', content: 'hello', msisdns: ['66812345678', '66898765432'] });
    expect(r).toMatchObject({ reference: 'u1', refNo: 'ME1', acceptedCount: 2, creditsUsed: 2, status: 'pending' });

    await t.provider.send({ audience: { msisdns: ['66812345678'] }, content: { text: 'later' }, sender: 'MYSHOP', scheduledAt: new Date('2026-05-31T17:30:00Z') });
    expect(server.json(1)).toEqual({
      sender: 'MYSHOP',
      content: 'later',
      msisdns: ['66812345678'],
      scheduledTime: '2026-06-01T00:30:00+07:00',
    });
  });

  it('quotes the documented error shape, with and without code', async () => {
    server.reply(
      { status: 402, body: { error: 'Insufficient credits', code: 'INSUFFICIENT_CREDITS' } },
      { status: 400, body: { error: 'sender is not approved' } },
    );
    const credit = await catchError(t.provider.send({ audience: { msisdns: ['66812345678'] }, content: { text: 'x' }, sender: 'S' }));
    expect(credit.kind).toBe('credit');
    expect(credit.message).toBe('ME-SMS says the credit is insufficient (HTTP 402 INSUFFICIENT_CREDITS): "Insufficient credits"');
    const rejected = await catchError(t.provider.send({ audience: { msisdns: ['66812345678'] }, content: { text: 'x' }, sender: 'S' }));
    expect(rejected.message).toBe('ME-SMS rejected the request (HTTP 400): "sender is not approved"');
    expect(rejected.providerCode).toBeUndefined();
  });

  it('maps INSUFFICIENT_CREDITS to credit even on HTTP 400', async () => {
    server.reply({ status: 400, body: { error: 'Insufficient credits', code: 'INSUFFICIENT_CREDITS' } });
    const err = await catchError(t.provider.send({ audience: { msisdns: ['66812345678'] }, content: { text: 'x' }, sender: 'S' }));
    expect(err.code).toBe('PROVIDER_INSUFFICIENT_CREDIT');
  });

  it('reads balance, status, recipients and cancel', async () => {
    server.reply(
      { body: { result: { balance: 1234.5 } }, expect: { method: 'GET', path: `${BASE}/sms/credit/balance` } },
      {
        body: {
          result: {
            uuid: 'u1',
            refNo: 'ME1',
            sender: 'MYSHOP',
            content: 'hello',
            status: 'sent',
            totalMsisdn: 3,
            scheduledTime: null,
            createdAt: '2026-01-01T00:00:00Z',
            drSummary: [{ drStatus: 'success', count: 3 }],
          },
        },
        expect: { method: 'GET', path: `${BASE}/sms/u1` },
      },
      {
        body: { result: { recipients: [{ id: 1, msisdn: '0812345678', status: 'pending' }], summary: [], nextCursor: 1, hasMore: false } },
        expect: { method: 'GET', path: `${BASE}/sms/u1/recipients` },
      },
      { body: { result: { uuid: 'u1', status: 'cancelled', refundedCredit: 3 } }, expect: { method: 'POST', path: `${BASE}/sms/u1/cancel` } },
    );
    expect(await t.provider.balance()).toEqual({ balance: 1234.5 });
    expect(await t.provider.status!('u1')).toEqual({
      reference: 'u1',
      refNo: 'ME1',
      sender: 'MYSHOP',
      content: 'hello',
      status: 'sent',
      totalMsisdn: 3,
      scheduledAt: undefined,
      createdAt: '2026-01-01T00:00:00Z',
      drSummary: [{ status: 'success', count: 3 }],
    });
    const page = await t.provider.recipients!('u1', { after: 0 });
    expect(server.requests[2]?.url).toBe(`${BASE}/sms/u1/recipients?after=0`);
    expect(page.recipients).toEqual([{ id: 1, msisdn: '66812345678', status: 'pending' }]);
    expect(page.hasMore).toBe(false);
    expect(await t.provider.cancel!('u1')).toEqual({ reference: 'u1', status: 'cancelled', refundedCredit: 3 });
  });

  it('reports a cancel of a message that is not scheduled', async () => {
    server.reply({ status: 400, body: { error: 'Message is not scheduled', code: 'NOT_SCHEDULED' } });
    const err = await catchError(t.provider.cancel!('u1'));
    expect(err.message).toBe('ME-SMS rejected the request (HTTP 400 NOT_SCHEDULED): "Message is not scheduled"');
  });

  it('previews the cost', async () => {
    server.reply({ body: { result: { parts: 2, encoding: 'UCS2', totalMsisdn: 2, totalCredit: 4 } } });
    const r = await t.provider.previewCost!({ content: 'สวัสดี', msisdns: ['66812345678', '66898765432'] });
    expect(server.requests[0]?.method).toBe('POST');
    expect(server.requests[0]?.path).toBe(`${BASE}/sms/preview-cost`);
    expect(server.json()).toEqual({ content: 'สวัสดี', msisdns: ['66812345678', '66898765432'] });
    expect(r).toEqual({ parts: 2, encoding: 'UCS2', totalMsisdn: 2, totalCredit: 4 });
  });

  it('lists messages with filters', async () => {
    server.reply({
      body: {
        result: {
          data: [{ uuid: 'u9', refNo: 'ME9', sender: 'MYSHOP', content: 'x', status: 'sent', totalMsisdn: 5 }],
          page: 2,
          limit: 10,
          total: 11,
        },
      },
    });
    const r = await t.provider.listMessages!({
      page: 2,
      limit: 10,
      status: 'sent',
      sender: 'MYSHOP',
      from: new Date('2026-01-01T00:00:00Z'),
      to: '2026-02-01T00:00:00+07:00',
      search: 'promo',
    });
    const req = server.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.path).toBe(`${BASE}/sms`);
    expect(Object.fromEntries(req.query)).toEqual({
      page: '2',
      limit: '10',
      status: 'sent',
      sender: 'MYSHOP',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00+07:00',
      search: 'promo',
    });
    expect(r.page).toBe(2);
    expect(r.total).toBe(11);
    expect(r.messages[0]).toMatchObject({ reference: 'u9', refNo: 'ME9', status: 'sent', totalMsisdn: 5 });
  });

  it('lists senders', async () => {
    server.reply({ body: { result: [{ name: 'MYSHOP', status: 'approved' }, { name: 'OTHER', status: 'pending' }] } });
    expect(await t.provider.senders!()).toEqual([
      { name: 'MYSHOP', status: 'approved' },
      { name: 'OTHER', status: 'pending' },
    ]);
    expect(server.requests[0]?.path).toBe(`${BASE}/senders`);
  });

  it.each([
    ['an array', (list: string[]) => list],
    ['the joined string a planned batch keeps', (list: string[]) => new JoinedNumbers(list.join(','), list.length)],
  ])('streams a 25,000-number send given as %s as one valid JSON body with every number, in order', async (_form, given) => {
    // More than two 10,000-number (or 64 KB) pieces, so the joins between pieces are exercised.
    const msisdns = Array.from({ length: 25_000 }, (_, i) => `668${String(i).padStart(8, '0')}`);
    server.reply({ body: { result: { uuid: 'big', refNo: 'ME9', totalMsisdn: 25_000, totalCredit: 25_000, blockedCount: 0, status: 'pending' } } });
    const r = await t.provider.send({ audience: { msisdns: given(msisdns) }, content: { text: 'สวัสดี' }, sender: 'MYSHOP' });
    expect(r.acceptedCount).toBe(25_000);
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.complete).toBe(true);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['content-length']).toBe(String(Buffer.byteLength(req.body)));
    const body = JSON.parse(req.body) as { sender: string; content: string; msisdns: string[] };
    expect(body).toEqual({ sender: 'MYSHOP', content: 'สวัสดี', msisdns });
    expect(body.msisdns).toHaveLength(25_000);
    expect(body.msisdns.slice(9_999, 10_001)).toEqual(['66800009999', '66800010000']);
    expect(body.msisdns.slice(19_999, 20_001)).toEqual(['66800019999', '66800020000']);
    expect(body.msisdns.at(-1)).toBe('66800024999');
    // The verbose log shows the count, not 25,000 numbers.
    expect(t.log[1]).toContain('(25000 numbers)');
    expect(t.log[1]).not.toContain('66800000000');
  });

  it('does not retry a send after a 503, and reports it retryable', async () => {
    server.reply({ status: 503, body: { error: 'Service Unavailable' } });
    const err = await catchError(t.provider.send({ audience: { msisdns: ['66812345678'] }, content: { text: 'x' }, sender: 'S' }));
    expect(err.code).toBe('PROVIDER_UNAVAILABLE');
    expect(err.retryable).toBe(true);
    expect(err.outcomeUnknown).toBe(false);
    expect(err.providerMessage).toBe('Service Unavailable');
    expect(server.requests).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
  });

  it('retries a cost preview after a 500 (a preview sends nothing)', async () => {
    server.reply(
      { status: 500, body: { error: 'Internal error' } },
      { status: 502, body: '<html>Bad gateway</html>' },
      { body: { result: { parts: 1, encoding: 'GSM7', totalMsisdn: 1, totalCredit: 1 } } },
    );
    const r = await t.provider.previewCost!({ content: 'hello', msisdns: ['66812345678'] });
    expect(r).toEqual({ parts: 1, encoding: 'GSM7', totalMsisdn: 1, totalCredit: 1 });
    expect(server.requests).toHaveLength(3);
    for (const req of server.requests) {
      expect(req.method).toBe('POST');
      expect(req.path).toBe(`${BASE}/sms/preview-cost`);
    }
    expect(server.json(2)).toEqual(server.json(0));
    expect(t.sleeps).toHaveLength(2);
  });

  it('a cost preview that keeps failing ends as PROVIDER_UNAVAILABLE with the outcome known', async () => {
    const p = makeProvider('mesms', server.url, { http: { maxAttempts: 2 } });
    server.reply({ status: 500 }, { status: 500 });
    const err = await catchError(p.provider.previewCost!({ content: 'hello', msisdns: ['66812345678'] }));
    await p.provider.close?.();
    expect(err.code).toBe('PROVIDER_UNAVAILABLE');
    expect(err.outcomeUnknown).toBe(false);
    expect(err.message).not.toContain('may have been processed');
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a cancel after a 500, and marks its outcome unknown', async () => {
    server.reply({ status: 500, body: { error: 'Internal error' } });
    const err = await catchError(t.provider.cancel!('u1'));
    expect(err.code).toBe('PROVIDER_UNAVAILABLE');
    expect(err.outcomeUnknown).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
  });
});
