import { describe, expect, test } from 'vitest';
import { MAGIC_NUMBERS } from '../../src/sandbox/index.js';
import { api, clock, sandbox } from './helpers.js';

const MAGIC = Object.keys(MAGIC_NUMBERS);
const numbers = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `08${String(10_000_000 + from + i)}`);

describe('delivery', () => {
  test('magic numbers are documented', () => {
    expect(MAGIC_NUMBERS).toEqual({
      '0800000001': 'failed',
      '0800000002': 'invalid',
      '0800000003': 'blocked',
      '0800000004': 'expired',
      '0800000005': 'timeout',
    });
  });

  test('recipients stay pending until the delay, then reach their final status', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now, deliveryDelayMs: 1500 });
    const a = api(s);
    const sent = await a.me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'Hi', msisdns: [...MAGIC, '0812345678'] } });
    const uuid = sent.body.result.uuid;
    c.advance(1499);
    let m = (await a.me(`/sms/${uuid}`)).body.result;
    expect(m.status).toBe('pending');
    expect(m.drSummary).toEqual([{ drStatus: 'pending', count: 6 }]);
    expect(await a.inbox()).toEqual([]);
    c.advance(1);
    m = (await a.me(`/sms/${uuid}`)).body.result;
    expect(m.status).toBe('sent');
    expect(m.drSummary).toEqual(
      ['success', 'failed', 'invalid', 'blocked', 'expired', 'timeout'].map((drStatus) => ({ drStatus, count: 1 })),
    );
    const rec = (await a.me(`/sms/${uuid}/recipients`)).body.result;
    expect(rec.recipients).toEqual([
      { id: 1, msisdn: '66800000001', status: 'failed' },
      { id: 2, msisdn: '66800000002', status: 'invalid' },
      { id: 3, msisdn: '66800000003', status: 'blocked' },
      { id: 4, msisdn: '66800000004', status: 'expired' },
      { id: 5, msisdn: '66800000005', status: 'timeout' },
      { id: 6, msisdn: '66812345678', status: 'success' },
    ]);
    expect(rec).toMatchObject({ page: 1, limit: 50, total: 6 });
    // Only the successful recipient received it, at delivery time.
    expect(await a.inbox()).toEqual([
      { msisdn: '66812345678', text: 'Hi', sender: 'S', provider: 'mesms', at: new Date(c.now()).toISOString() },
    ]);

    const failed = await a.me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'x', msisdns: ['0800000001'] } });
    c.advance(1500);
    expect((await a.me(`/sms/${failed.body.result.uuid}`)).body.result.status).toBe('failed');
  });

  test('scheduled messages go scheduled → processing → completed at their time + delay (SEPSMS)', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now, deliveryDelayMs: 1000 });
    const a = api(s);
    const at = c.now() + 60_000;
    const r = await a.sep('/message/send', {
      method: 'POST',
      json: { origin: 'S', message: 'Later', recipients: ['0812345678'], scheduledTime: new Date(at).toISOString() },
    });
    const status = async () => (await a.sep(`/message/${r.body.result.uuid}`)).body.result.status;
    expect(await status()).toBe('scheduled');
    c.set(at);
    expect(await status()).toBe('processing');
    expect(await a.inbox()).toEqual([]);
    c.set(at + 1000);
    expect(await status()).toBe('completed');
    expect((await a.inbox('0812345678'))[0]?.at).toBe(new Date(at + 1000).toISOString());
  });

  test('cursor pagination walks every recipient with after/nextCursor/hasMore', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now });
    const a = api(s);
    const list = numbers(120);
    const r = await a.sep('/message/send', { method: 'POST', json: { origin: 'S', message: 'x', recipients: list } });
    c.advance(2000);
    const base = `/message/${r.body.result.uuid}/recipients`;
    const seen: string[] = [];
    let after = 0;
    const pages = [];
    for (;;) {
      const page = (await a.sep(`${base}?after=${after}&limit=50`)).body.result;
      pages.push(page);
      seen.push(...page.recipients.map((x: { msisdn: string }) => x.msisdn));
      if (!page.hasMore) break;
      after = page.nextCursor;
    }
    expect(pages.map((p) => [p.recipients.length, p.nextCursor, p.hasMore])).toEqual([
      [50, 50, true],
      [50, 100, true],
      [20, null, false],
    ]);
    expect(pages[0]).not.toHaveProperty('total');
    expect(pages[0].summary).toEqual([{ status: 'success', count: 120 }]);
    expect(seen).toEqual(list.map((n) => `66${n.slice(1)}`));
    expect(pages[1].recipients[0].id).toBe(51);

    const p3 = (await a.sep(`${base}?page=3&limit=50`)).body.result;
    expect(p3).toMatchObject({ page: 3, limit: 50, total: 120 });
    expect(p3.recipients).toHaveLength(20);
    expect(p3).not.toHaveProperty('nextCursor');
    expect((await a.sep(`${base}?after=120`)).body.result).toMatchObject({ recipients: [], hasMore: false, nextCursor: null });
    expect((await a.sep(`${base}?limit=51`)).status).toBe(400);
    expect((await a.sep(`${base}?after=-1`)).status).toBe(400);
    expect((await a.sep(`${base}?status=delivered`)).status).toBe(400);
  });

  test('status and search filters scan forward from the cursor', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now });
    const a = api(s);
    // failed numbers at positions 10, 60 and 110 (ids 11, 61, 111).
    const list = numbers(120);
    for (const i of [10, 60, 110]) list[i] = '0800000001';
    const r = await a.me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'x', msisdns: list } });
    const base = `/sms/${r.body.result.uuid}/recipients`;
    // Before delivery every recipient is pending.
    expect((await a.me(`${base}?status=failed&after=0`)).body.result).toMatchObject({ recipients: [], hasMore: false });
    expect((await a.me(`${base}?status=pending`)).body.result.total).toBe(120);
    c.advance(2000);

    const p1 = (await a.me(`${base}?status=failed&after=0&limit=2`)).body.result;
    expect(p1.recipients.map((x: { id: number }) => x.id)).toEqual([11, 61]);
    expect(p1).toMatchObject({ hasMore: true, nextCursor: 61 });
    const p2 = (await a.me(`${base}?status=failed&after=61&limit=2`)).body.result;
    expect(p2.recipients).toEqual([{ id: 111, msisdn: '66800000001', status: 'failed' }]);
    expect(p2).toMatchObject({ hasMore: false, nextCursor: null });
    expect(p2.summary).toEqual([
      { status: 'success', count: 117 },
      { status: 'failed', count: 3 },
    ]);
    expect((await a.me(`${base}?status=failed&page=2&limit=2`)).body.result).toMatchObject({ total: 3, page: 2 });
    expect((await a.me(`${base}?status=success&limit=50`)).body.result.total).toBe(117);

    // Search matches the international and the national form.
    const intl = (await a.me(`${base}?search=6681000002&after=0`)).body.result;
    expect(intl.recipients.map((x: { msisdn: string }) => x.msisdn)).toEqual(numbers(10, 20).map((n) => `66${n.slice(1)}`));
    const national = (await a.me(`${base}?search=0810000011&after=0`)).body.result;
    expect(national.recipients).toEqual([{ id: 12, msisdn: '66810000011', status: 'success' }]);
    expect((await a.me(`${base}?search=0810000011`)).body.result.total).toBe(1);
    expect((await a.me(`${base}?search=0800000001&status=failed`)).body.result.total).toBe(3);
    expect((await a.me(`${base}?search=abc`)).body.result.total).toBe(0);
  });
});

describe('inbox', () => {
  test('filters by msisdn in any Thai format, since and limit; newest last', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now, deliveryDelayMs: 0 });
    const a = api(s);
    await a.me('/sms/send', { method: 'POST', json: { sender: 'A', content: 'one', msisdns: ['0812345678', '0898765432'] } });
    c.advance(1000);
    const t1 = new Date(c.now()).toISOString();
    await a.tbsForm('/sms', { msisdn: '+66812345678', message: 'two', sender: 'B' });
    c.advance(1000);
    await a.sep('/message/send', { method: 'POST', json: { origin: 'C', message: 'three', recipients: ['66812345678'] } });

    for (const form of ['0812345678', '66812345678', '+66812345678', '081-234-5678', '812345678']) {
      expect((await a.inbox(form)).map((m) => m.text)).toEqual(['one', 'two', 'three']);
    }
    expect((await a.inbox('0898765432')).map((m) => m.text)).toEqual(['one']);
    expect((await a.inbox()).map((m) => `${m.msisdn}:${m.text}`)).toEqual([
      '66812345678:one',
      '66898765432:one',
      '66812345678:two',
      '66812345678:three',
    ]);
    expect((await a.inbox('0812345678', `&since=${encodeURIComponent(t1)}`)).map((m) => m.text)).toEqual(['two', 'three']);
    expect((await a.inbox(undefined, '&limit=2')).map((m) => m.text)).toEqual(['two', 'three']);
    expect((await a.admin('/inbox?msisdn=021234567')).status).toBe(400);
    expect((await a.admin('/inbox?since=yesterday')).status).toBe(400);
  });

  test('reset clears messages, OTPs and balances', async () => {
    const s = await sandbox({ deliveryDelayMs: 0, balances: { mesms: 500 } });
    const a = api(s);
    await a.me('/sms/send', { method: 'POST', json: { sender: 'A', content: 'one', msisdns: ['0812345678'] } });
    expect(await a.inbox()).toHaveLength(1);
    expect((await a.admin('/reset', { method: 'POST' })).body).toEqual({ reset: true });
    expect(await a.inbox()).toEqual([]);
    expect((await a.me('/sms')).body.result.total).toBe(0);
    expect((await a.me('/sms/credit/balance')).body.result.balance).toBe(500);
  });
});
