import { expect, test } from 'vitest';
import { api, clock, sandbox } from './helpers.js';

// How fast these answer at scale is measured by `npm run bench` (scripts/bench.mjs), not here.
test('a 200,000-recipient ME-SMS message: the last page by cursor and by page number, the status filter, the summary and the inbox are right', async () => {
  const c = clock();
  const s = await sandbox({ now: c.now, balances: { mesms: 1_000_000 } });
  const a = api(s);
  const n = 200_000;
  const msisdns = Array.from({ length: n }, (_, i) => `09${String(10_000_000 + i)}`);
  msisdns[n - 7] = '0800000001';
  const sent = await a.me('/sms/send', { method: 'POST', json: { sender: 'BULK', content: 'Sale!', msisdns } });
  expect(sent.body.result).toMatchObject({ totalMsisdn: n, totalCredit: n });
  c.advance(2000);
  const base = `/sms/${sent.body.result.uuid}/recipients`;

  const last = (await a.me(`${base}?after=${n - 50}&limit=50`)).body.result;
  expect(last.recipients).toHaveLength(50);
  expect(last.recipients[49]).toEqual({ id: n, msisdn: `669${String(10_000_000 + n - 1)}`, status: 'success' });
  expect(last.recipients[43]).toEqual({ id: n - 6, msisdn: '66800000001', status: 'failed' });
  expect(last).toMatchObject({ hasMore: false, nextCursor: null, summary: [{ status: 'success', count: n - 1 }, { status: 'failed', count: 1 }] });

  const page = (await a.me(`${base}?page=${n / 50}&limit=50`)).body.result;
  expect(page).toMatchObject({ page: n / 50, total: n });
  expect(page.recipients[49].id).toBe(n);
  const failed = (await a.me(`${base}?status=failed&after=0`)).body.result;
  expect(failed.recipients.map((r: { id: number }) => r.id)).toEqual([n - 6]);
  expect((await a.me(`/sms/${sent.body.result.uuid}`)).body.result.totalMsisdn).toBe(n);
  expect((await a.inbox('0910000000')).map((m) => m.text)).toEqual(['Sale!']);
});
