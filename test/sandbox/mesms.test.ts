import { describe, expect, test } from 'vitest';
import { api, clock, sandbox } from './helpers.js';

const send = (msisdns: unknown, extra: Record<string, unknown> = {}) => ({
  method: 'POST',
  json: { sender: 'MYSHOP', msisdns, content: 'Hello', ...extra },
});

describe('ME-SMS send', () => {
  test('answers {result:{uuid,refNo,totalMsisdn,totalCredit,blockedCount,status}} and charges credits', async () => {
    const s = await sandbox();
    const a = api(s);
    const r = await a.me('/sms/send', send(['0812345678', '66898765432', '0800000003'], { content: 'x'.repeat(161) }));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      result: {
        uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        refNo: expect.stringMatching(/^ME\d{14}$/),
        totalMsisdn: 3,
        totalCredit: 6,
        blockedCount: 1,
        status: 'pending',
      },
    });
    expect((await a.me('/sms/credit/balance')).body).toEqual({ result: { balance: 99994 } });
    const scheduled = await a.me('/sms/send', send(['0812345678'], { scheduledTime: '2099-06-01T10:00:00+07:00' }));
    expect(scheduled.body.result.status).toBe('scheduled');
  });

  test('dryRun estimates without charging or storing', async () => {
    const s = await sandbox();
    const a = api(s);
    const r = await a.me('/sms/send', send(['0812345678', '0898765432'], { content: 'สวัสดี', dryRun: true }));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ result: { dryRun: true, parts: 1, totalMsisdn: 2, totalCredit: 2 } });
    expect((await a.me('/sms/credit/balance')).body.result.balance).toBe(100000);
    expect((await a.me('/sms')).body.result.total).toBe(0);
  });

  test('preview-cost computes parts, encoding and credit', async () => {
    const s = await sandbox();
    const a = api(s);
    const thai = 'ก'.repeat(71);
    const r = await a.me('/sms/preview-cost', { method: 'POST', json: { content: thai, msisdns: ['0812345678', '0898765432', '0612345678'] } });
    expect(r.body).toEqual({ result: { parts: 2, encoding: 'UCS-2', totalMsisdn: 3, totalCredit: 6 } });
    const gsm = await a.me('/sms/preview-cost', { method: 'POST', json: { content: 'hi {x}', msisdns: ['0812345678'] } });
    expect(gsm.body.result).toMatchObject({ parts: 1, encoding: 'GSM-7' });
    expect((await a.me('/sms/preview-cost', { method: 'POST', json: { content: 'x'.repeat(2001), msisdns: [] } })).status).toBe(400);
    expect((await a.me('/sms/preview-cost', { method: 'POST', json: { content: 'x' } })).status).toBe(400);
  });

  test.each([
    ['a sender over 11 characters', send(['0812345678'], { sender: 'ABCDEFGHIJKL' }), 'INVALID_SENDER', /at most 11/],
    ['a Thai sender', send(['0812345678'], { sender: 'ร้านค้า' }), 'INVALID_SENDER', /English/],
    ['content over 1,000 characters', send(['0812345678'], { content: 'x'.repeat(1001) }), 'CONTENT_TOO_LONG', /1000/],
    ['missing content', send(['0812345678'], { content: undefined }), 'INVALID_CONTENT', /content/],
    ['invalid numbers', send(['0812345678', '12345', '0212345678']), 'INVALID_MSISDN', /12345 .*0212345678/],
    ['no msisdns', send([]), 'INVALID_PARAMETER', /msisdns/],
    ['a templateId', send(['0812345678'], { templateId: 7 }), 'TEMPLATE_NOT_FOUND', /Template 7/],
    ['a contactGroupId', send(undefined, { contactGroupId: 3 }), 'CONTACT_GROUP_NOT_FOUND', /Contact group 3/],
    ['a bad scheduledTime', send(['0812345678'], { scheduledTime: '01/06/2026' }), 'INVALID_SCHEDULED_TIME', /ISO 8601/],
  ])('rejects %s with 400 %s', async (_name, init, code, message) => {
    const s = await sandbox();
    const r = await api(s).me('/sms/send', init);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code, error: expect.stringMatching(message) });
    expect((await api(s).me('/sms')).body.result.total).toBe(0);
  });

  test('invalid numbers are named in the error', async () => {
    const s = await sandbox();
    const r = await api(s).me('/sms/send', send(['0812345678', '0712345678']));
    expect(r.body.invalid).toEqual([{ msisdn: '0712345678', reason: expect.any(String) }]);
  });

  test('insufficient credits → 402 exactly as documented, nothing charged or stored', async () => {
    const s = await sandbox({ balances: { mesms: 2 } });
    const a = api(s);
    const r = await a.me('/sms/send', send(['0812345678', '0898765432', '0612345678']));
    expect(r.status).toBe(402);
    expect(r.body).toEqual({ error: 'Insufficient credits', code: 'INSUFFICIENT_CREDITS' });
    expect((await a.me('/sms/credit/balance')).body.result.balance).toBe(2);
    expect((await a.me('/sms')).body.result.total).toBe(0);
  });
});

describe('ME-SMS cancel', () => {
  test('refunds once, then ALREADY_CANCELLED; NOT_SCHEDULED and ALREADY_PROCESSING otherwise', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now });
    const a = api(s);
    const sched = await a.me('/sms/send', send(['0812345678', '0898765432', '0612345678'], { scheduledTime: '2026-01-15T12:00:00+07:00' }));
    expect((await a.me('/sms/credit/balance')).body.result.balance).toBe(99997);
    const r = await a.me(`/sms/${sched.body.result.uuid}/cancel`, { method: 'POST' });
    expect(r.body).toEqual({ result: { uuid: sched.body.result.uuid, status: 'cancelled', refundedCredit: 3 } });
    expect((await a.me('/sms/credit/balance')).body.result.balance).toBe(100000);
    const again = await a.me(`/sms/${sched.body.result.uuid}/cancel`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: 'Message is already cancelled', code: 'ALREADY_CANCELLED' });

    const now = await a.me('/sms/send', send(['0812345678']));
    const ns = await a.me(`/sms/${now.body.result.uuid}/cancel`, { method: 'POST' });
    expect(ns.status).toBe(400);
    expect(ns.body.code).toBe('NOT_SCHEDULED');

    const soon = await a.me('/sms/send', send(['0812345678'], { scheduledTime: '2026-01-15T10:01:00+07:00' }));
    c.advance(61_000);
    const late = await a.me(`/sms/${soon.body.result.uuid}/cancel`, { method: 'POST' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('ALREADY_PROCESSING');
    expect((await a.me(`/sms/${sched.body.result.uuid}`)).body.result.status).toBe('cancelled');
  });
});

describe('ME-SMS reads', () => {
  test('senders lists the seeded names with their status, then every sender used, approved', async () => {
    const s = await sandbox();
    const a = api(s);
    await a.me('/sms/send', send(['0812345678']));
    const r = await a.me('/senders');
    expect(r.body.result).toEqual([
      { name: 'SANDBOX', status: 'approved' },
      { name: 'ME-SMS', status: 'approved' },
      { name: 'SMSCTL', status: 'approved' },
      { name: 'SHOP', status: 'approved' },
      { name: 'PENDING', status: 'pending' },
      { name: 'REJECTED', status: 'rejected' },
      { name: 'MYSHOP', status: 'approved' },
    ]);
  });

  test('a sender listed as pending or rejected cannot send, not even a dry run; nothing is charged or stored', async () => {
    const s = await sandbox();
    const a = api(s);
    for (const [sender, status] of [['PENDING', 'pending'], ['REJECTED', 'rejected']]) {
      for (const extra of [{}, { dryRun: true }]) {
        const r = await a.me('/sms/send', send(['0812345678'], { sender, ...extra }));
        expect(r.status).toBe(400);
        expect(r.body).toEqual({ code: 'INVALID_SENDER', error: `Sender ${sender} is not approved (status: ${status})` });
      }
    }
    expect((await a.me('/sms')).body.result.total).toBe(0);
    expect((await a.me('/sms/credit/balance')).body.result.balance).toBe(100000);
  });

  test('contact groups 1, 2 and 10: preview-cost and send resolve contactGroupId to their numbers', async () => {
    const s = await sandbox();
    const a = api(s);
    const preview = (contactGroupId: unknown, extra: Record<string, unknown> = {}) =>
      a.me('/sms/preview-cost', { method: 'POST', json: { content: 'สวัสดี', contactGroupId, ...extra } });
    expect((await preview(1)).body).toEqual({ result: { parts: 1, encoding: 'UCS-2', totalMsisdn: 250, totalCredit: 250 } });
    expect((await preview('10')).body.result).toMatchObject({ totalMsisdn: 100_000, totalCredit: 100_000 });
    expect((await preview(3)).body).toMatchObject({ code: 'CONTACT_GROUP_NOT_FOUND' });
    expect((await preview(2, { msisdns: ['0812345678'] })).status).toBe(400);
    const sent = await a.me('/sms/send', send(undefined, { contactGroupId: 2 }));
    expect(sent.body.result).toMatchObject({ totalMsisdn: 3, totalCredit: 3 });
    const page = (await a.me(`/sms/${sent.body.result.uuid}/recipients?after=0`)).body.result;
    expect(page.recipients.map((r: { msisdn: string }) => r.msisdn)).toEqual(['66812345678', '66898765432', '66800000001']);
  });

  test('list filters by status, sender, time window and search; paged newest first', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now, deliveryDelayMs: 1000 });
    const a = api(s);
    await a.me('/sms/send', send(['0800000001'], { content: 'all fail' }));
    c.advance(5000);
    const ok = await a.me('/sms/send', send(['0812345678'], { sender: 'SHOP2', content: 'Big sale' }));
    c.advance(5000);
    await a.me('/sms/send', send(['0812345678'], { scheduledTime: new Date(c.now() + 60_000).toISOString() }));
    await a.me('/sms/send', send(['0812345678'], { scheduledTime: new Date(c.now() + 60_000).toISOString() })).then((r) =>
      a.me(`/sms/${r.body.result.uuid}/cancel`, { method: 'POST' }),
    );
    await a.me('/sms/send', send(['0812345678']));

    const statuses = (await a.me('/sms')).body.result.data.map((m: { status: string }) => m.status);
    expect(statuses).toEqual(['pending', 'cancelled', 'scheduled', 'sent', 'failed']);
    for (const st of ['sent', 'failed', 'pending', 'scheduled', 'cancelled']) {
      const r = (await a.me(`/sms?status=${st}`)).body.result;
      expect(r.total).toBe(1);
      expect(r.data[0].status).toBe(st);
    }
    expect((await a.me('/sms?sender=shop2')).body.result.data.map((m: { uuid: string }) => m.uuid)).toEqual([ok.body.result.uuid]);
    expect((await a.me('/sms?search=big')).body.result.total).toBe(1);
    const t = new Date(c.now() - 5000).toISOString();
    expect((await a.me(`/sms?from=${encodeURIComponent(t)}&to=${encodeURIComponent(t)}`)).body.result.total).toBe(1);
    const page = (await a.me('/sms?page=2&limit=2')).body.result;
    expect(page).toMatchObject({ page: 2, limit: 2, total: 5 });
    expect(page.data.map((m: { status: string }) => m.status)).toEqual(['scheduled', 'sent']);
    expect(page.data[1]).toMatchObject({ sender: 'SHOP2', content: 'Big sale', totalMsisdn: 1, drSummary: [{ drStatus: 'success', count: 1 }] });
    expect((await a.me('/sms?status=completed')).status).toBe(400);
    expect((await a.me('/sms?from=yesterday')).status).toBe(400);
  });
});
