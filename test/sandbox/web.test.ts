/**
 * The web inbox's server side, in-process with a fake clock: the page and its files, the paged
 * and filtered JSON it reads, read marks, and the change stream (how fast these answer with
 * 100,000 messages is printed by `npm run bench`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSETS } from '../../src/sandbox/web/assets.js';
import { ROOT } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { api, call, clock, sandbox } from './helpers.js';

describe('the page', () => {
  it('is served at / with its script and styles, all from the package, each with a strict content policy', async () => {
    const s = await sandbox();
    const page = await call(`${s.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<script src="/__inbox/app.js" defer></script>');
    for (const [path, type] of [
      ['/__inbox/app.js', 'text/javascript'],
      ['/__inbox/app.css', 'text/css'],
    ] as const) {
      const r = await call(`${s.url}${path}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe(`${type}; charset=utf-8`);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('is the files under src/sandbox/web/static, small, with no external address and no innerHTML', () => {
    const dir = join(ROOT, 'src', 'sandbox', 'web', 'static');
    for (const name of ['inbox.html', 'inbox.css', 'inbox.js']) {
      // Stale means the build's generator (scripts/gen-web-assets.mjs) has not run since an edit.
      expect(ASSETS[name], `${name} in assets.ts: run npm run build`).toBe(readFileSync(join(dir, name), 'utf8'));
      expect(ASSETS[name]).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    }
    expect(ASSETS['inbox.js']).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    const total = Object.values(ASSETS).reduce((n, t) => n + Buffer.byteLength(t), 0);
    expect(total).toBeLessThan(48 * 1024);
  });
});

describe('conversations and threads', () => {
  it('groups every recipient by number, newest first, with unread counts, status from the clock and OTP codes', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now, deliveryDelayMs: 1000, seed: 3 });
    const a = api(s);
    await a.sep('/message/send', { method: 'POST', json: { origin: 'SHOP', message: 'สวัสดีครับ', recipients: ['66812345678', '66800000001'] } });
    c.advance(10);
    await a.me('/sms/send', { method: 'POST', json: { sender: 'ME', content: 'hello again', msisdns: ['0812345678'] } });
    c.advance(10);
    const otp = await a.sep('/otp/send', { method: 'POST', json: { destination: '66899990001', origin: 'SHOP', template: 'Your code is {code}' } });
    expect(otp.status).toBeLessThan(300);

    const list = (await a.admin('/conversations')).body;
    expect(list.total).toBe(3);
    expect(list.conversations.map((x: { msisdn: string }) => x.msisdn)).toEqual(['66899990001', '66812345678', '66800000001']);
    expect(list.conversations[1]).toMatchObject({ count: 2, unread: 2, latest: { text: 'hello again', provider: 'mesms', status: 'pending', encoding: 'GSM-7' } });
    expect(list.conversations[0].latest).toMatchObject({ kind: 'otp', status: 'delivered', code: expect.stringMatching(/^\d{6}$/) });

    const before = (await a.admin('/conversations/0800000001')).body.messages;
    expect(before).toEqual([expect.objectContaining({ text: 'สวัสดีครับ', status: 'pending', encoding: 'UCS-2', parts: 1, credits: 1, deliveredAt: null })]);
    c.advance(1000);
    const after = (await a.admin('/conversations/0800000001')).body.messages;
    expect(after[0]).toMatchObject({ status: 'failed', deliveredAt: null });
    const thread = (await a.admin('/conversations/66812345678')).body;
    expect(thread.messages.map((m: { text: string; status: string }) => [m.text, m.status])).toEqual([
      ['สวัสดีครับ', 'delivered'],
      ['hello again', 'delivered'],
    ]);

    expect((await a.admin('/conversations/0812345678/read', { method: 'POST', json: {} })).status).toBe(200);
    expect((await a.admin('/conversations?q=0812345678')).body.conversations[0].unread).toBe(0);
    expect((await a.admin('/conversations/0811111111/read', { method: 'POST', json: {} })).status).toBe(404);
    expect((await a.admin('/conversations/12')).status).toBe(400);
  });

  it('filters on the server: digits match numbers (66… or 0…) and text, words match text and sender, provider narrows', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now });
    const a = api(s);
    await a.sep('/message/send', { method: 'POST', json: { origin: 'SHOP', message: 'order 1234 shipped', recipients: ['66811111111'] } });
    await a.me('/sms/send', { method: 'POST', json: { sender: 'BANK', content: 'ยอดเงินคงเหลือ', msisdns: ['0822222222'] } });
    await a.me('/sms/send', { method: 'POST', json: { sender: 'BANK', content: 'second', msisdns: ['0833331234'] } });
    const nums = async (qs: string) => (await a.admin(`/conversations?${qs}`)).body.conversations.map((x: { msisdn: string }) => x.msisdn);
    expect(await nums('q=082222')).toEqual(['66822222222']);
    expect(await nums('q=1234')).toEqual(['66833331234', '66811111111']);
    expect(await nums(`q=${encodeURIComponent('คงเหลือ')}`)).toEqual(['66822222222']);
    expect(await nums('q=bank')).toEqual(['66833331234', '66822222222']);
    expect(await nums('provider=sepsms')).toEqual(['66811111111']);
    expect(await nums('q=1234&provider=mesms')).toEqual(['66833331234']);
    expect((await a.admin('/conversations?provider=nope')).status).toBe(400);
    const paged = (await a.admin('/conversations?limit=1&offset=1')).body;
    expect(paged).toMatchObject({ total: 3, conversations: [{ msisdn: '66822222222' }] });
  });

  it('pages a long thread back from an entry id', async () => {
    const s = await sandbox({ now: clock().now });
    const a = api(s);
    for (let i = 0; i < 7; i++) await a.sep('/message/send', { method: 'POST', json: { origin: 'SHOP', message: `m${i}`, recipients: ['66812345678'] } });
    const last = (await a.admin('/conversations/0812345678?limit=3')).body;
    expect(last).toMatchObject({ total: 7, more: true });
    expect(last.messages.map((m: { text: string }) => m.text)).toEqual(['m4', 'm5', 'm6']);
    const older = (await a.admin(`/conversations/0812345678?limit=3&before=${last.messages[0].id}`)).body;
    expect(older.messages.map((m: { text: string }) => m.text)).toEqual(['m1', 'm2', 'm3']);
  });

  it('starts over after a reset', async () => {
    const s = await sandbox({ now: clock().now });
    const a = api(s);
    await a.sep('/message/send', { method: 'POST', json: { origin: 'SHOP', message: 'x', recipients: ['66812345678'] } });
    expect((await a.admin('/conversations')).body.total).toBe(1);
    await a.admin('/reset', { method: 'POST', json: {} });
    expect((await a.admin('/conversations')).body).toEqual({ total: 0, conversations: [] });
    await a.sep('/message/send', { method: 'POST', json: { origin: 'SHOP', message: 'y', recipients: ['66899999999'] } });
    expect((await a.admin('/conversations')).body.conversations[0]).toMatchObject({ msisdn: '66899999999', count: 1 });
  });
});

describe('sends', () => {
  it('lists messages and OTP requests newest first with reference, recipients and per-status counts', async () => {
    const c = clock();
    const s = await sandbox({ now: c.now, deliveryDelayMs: 500 });
    const a = api(s);
    const sent = await a.sep('/message/send', { method: 'POST', json: { origin: 'SHOP', message: 'bulk', recipients: ['66812345678', '66800000001', '66800000003'] } });
    const later = new Date(c.now() + 3_600_000).toISOString();
    await a.me('/sms/send', { method: 'POST', json: { sender: 'ME', content: 'later', msisdns: ['0812345678'], scheduledTime: later } });
    let rows = (await a.admin('/sends')).body;
    expect(rows.total).toBe(2);
    expect(rows.sends[0]).toMatchObject({ provider: 'mesms', phase: 'scheduled', counts: [{ status: 'scheduled', count: 1 }] });
    expect(rows.sends[1]).toMatchObject({ provider: 'sepsms', ref: sent.body.result.uuid, recipients: 3, credits: 3, counts: [{ status: 'pending', count: 3 }] });
    c.advance(500);
    rows = (await a.admin('/sends?provider=sepsms')).body;
    expect(rows.sends[0].counts).toEqual([
      { status: 'delivered', count: 1 },
      { status: 'failed', count: 1 },
      { status: 'blocked', count: 1 },
    ]);
    expect((await a.admin('/sends?q=0800000003')).body.total).toBe(1);
    expect((await a.admin(`/sends?q=${sent.body.result.refNo}`)).body.total).toBe(1);
  });
});

describe('the change stream', () => {
  it('says hello, then names what changed: new messages, delivery instants passing, a reset', async () => {
    const s = await sandbox({ deliveryDelayMs: 600 });
    const a = api(s);
    const controller = new AbortController();
    const res = await fetch(`${s.url}/__sandbox/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    void (async () => {
      for (;;) {
        const r = await reader.read().catch(() => ({ done: true, value: '' }));
        if (r.done) return;
        text += r.value;
      }
    })();
    await waitFor(() => text.includes('event: hello'), { what: 'hello' });
    expect(text).toContain('retry: 1000');
    await a.sep('/message/send', { method: 'POST', json: { origin: 'SHOP', message: 'x', recipients: ['66812345678'] } });
    await waitFor(() => text.includes('"kinds":["messages"]'), { timeoutMs: 5000, what: 'a messages event' });
    await waitFor(() => text.includes('"kinds":["status"]'), { timeoutMs: 5000, what: 'a status event when the delivery instant passed' });
    await a.admin('/reset', { method: 'POST', json: {} });
    await waitFor(() => text.includes('"kinds":["reset"]'), { timeoutMs: 5000, what: 'a reset event' });
    // The stream does not hold the server open: close() ends it.
    await s.close();
    controller.abort();
  });
});
