/**
 * The sandbox delivers: signed SEPSMS webhook events as messages and OTPs progress, ThaiBulkSMS
 * callback_url calls, retries with backoff, a delivery log, registrations kept in the state.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import type { SandboxOptions } from '../../src/sandbox/index.js';
import { waitFor } from '../helpers/wait.js';
import { api, sandbox } from './helpers.js';
import { receiver, signatureValid } from './receiver.js';
import type { Received } from './receiver.js';

const FAST: SandboxOptions = { deliveryDelayMs: 100, notify: { retryDelaysMs: [50, 100], attemptTimeoutMs: 1000 } };
const events = (got: Received[]) => got.map((r) => r.headers['x-webhook-event']);
const bodies = (got: Received[]) => got.map((r) => JSON.parse(r.body));

async function register(s: Awaited<ReturnType<typeof sandbox>>, json: Record<string, unknown>) {
  const r = await api(s).admin('/webhooks', { method: 'POST', json });
  expect(r.status).toBe(201);
  return r.body.webhook as { id: string; url: string; secret: string; events: string[] };
}

describe('webhook receivers', () => {
  test('a registration answers its whole secret once; the list shows it masked; remove takes it away', async () => {
    const s = await sandbox();
    const a = api(s);
    const w = await register(s, { url: 'http://127.0.0.1:9/hook', events: ['dr.success', 'dr.failed'] });
    expect(w).toMatchObject({ id: expect.stringMatching(/^wh_/), secret: expect.stringMatching(/^whsec_[\w-]{32}$/), events: ['dr.success', 'dr.failed'] });
    const list = (await a.admin('/webhooks')).body.webhooks;
    expect(list).toEqual([expect.objectContaining({ id: w.id, secret: `whsec_…${w.secret.slice(-4)}` })]);
    expect(JSON.stringify(list)).not.toContain(w.secret);
    expect((await a.admin('/webhooks', { method: 'POST', json: { url: 'ftp://x' } })).status).toBe(400);
    expect((await a.admin('/webhooks', { method: 'POST', json: { url: 'http://x/', events: ['dr.sucess'] } })).body.error).toMatch(/unknown dr\.sucess/);
    expect((await a.admin(`/webhooks/${w.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await a.admin('/webhooks')).body.webhooks).toEqual([]);
    expect((await a.admin(`/webhooks/${w.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  test('a SEPSMS send: sms.sent, then dr.success / dr.failed per recipient and sms.completed, each signed', async () => {
    const s = await sandbox(FAST);
    const hook = await receiver();
    const w = await register(s, { url: hook.url });
    const sent = await api(s).sep('/message/send', { method: 'POST', json: { origin: 'SHOP', message: 'hi', recipients: ['0812345678', '0800000001'] } });
    const uuid = sent.body.result.uuid;
    await waitFor(() => events(hook.got).includes('sms.completed'), { what: 'sms.completed' });
    expect(events(hook.got)).toEqual(['sms.sent', 'dr.success', 'dr.failed', 'sms.completed']);
    for (const r of hook.got) {
      expect(r.method).toBe('POST');
      expect(r.headers['content-type']).toBe('application/json');
      expect(signatureValid(r, w.secret)).toBe(true);
      expect(signatureValid(r, 'whsec_wrong')).toBe(false);
    }
    const [sentEv, ok, failed, done] = bodies(hook.got);
    // The shapes of README "Delivery reports": flat objects, event/createdAt/txId first.
    expect(sentEv).toEqual({ event: 'sms.sent', createdAt: expect.any(String), txId: expect.any(String), smsUuid: uuid, refNo: sent.body.result.refNo, status: 'sent', totalMsisdn: 2, totalCredit: 2 });
    expect(ok).toEqual({ event: 'dr.success', createdAt: expect.any(String), txId: expect.stringMatching(/^[0-9a-f]{24}$/), smsUuid: uuid, msisdn: '66812345678', status: 'success' });
    expect(failed).toMatchObject({ event: 'dr.failed', msisdn: '66800000001', status: 'failed' });
    expect(done).toMatchObject({ event: 'sms.completed', status: 'completed', totalMsisdn: 2, drSummary: [{ status: 'success', count: 1 }, { status: 'failed', count: 1 }] });
    expect(Date.parse(ok.createdAt)).toBeGreaterThan(Date.parse(sentEv.createdAt));
    expect(new Set(bodies(hook.got).map((b) => b.txId)).size).toBe(4);
  });

  test('a message no recipient received: sms.failed with a reason, then sms.completed', async () => {
    const s = await sandbox(FAST);
    const hook = await receiver();
    await register(s, { url: hook.url, events: ['sms.failed', 'sms.completed'] });
    await api(s).sep('/message/send', { method: 'POST', json: { origin: 'S', message: 'x', recipients: ['0800000001', '0800000003'] } });
    await waitFor(() => hook.got.length === 2);
    expect(bodies(hook.got)).toEqual([
      expect.objectContaining({ event: 'sms.failed', status: 'failed', reason: expect.any(String) }),
      expect.objectContaining({ event: 'sms.completed', drSummary: [{ status: 'failed', count: 1 }, { status: 'blocked', count: 1 }] }),
    ]);
  });

  test('--events filters; a message sent before the receiver was registered sends it nothing', async () => {
    const s = await sandbox(FAST);
    const a = api(s);
    const early = await receiver();
    await a.me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'before', msisdns: ['0812345678'] } });
    await register(s, { url: early.url, events: ['dr.success'] });
    await a.me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'after', msisdns: ['0812345678', '0800000002'] } });
    await waitFor(() => early.got.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(events(early.got)).toEqual(['dr.success']);
  });

  test('a receiver that fails gets retries with the same txId and body; the log shows every attempt', async () => {
    const s = await sandbox(FAST);
    const hook = await receiver();
    hook.failWith.push(500, 503);
    await register(s, { url: hook.url, events: ['sms.sent'] });
    await api(s).me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'x', msisdns: ['0812345678'] } });
    await waitFor(() => hook.got.length === 3, { what: 'three attempts' });
    expect(new Set(hook.got.map((r) => r.body)).size).toBe(1);
    const log = (await api(s).admin('/webhooks/deliveries')).body.deliveries;
    expect(log).toEqual([
      expect.objectContaining({ event: 'sms.sent', state: 'delivered', attempts: [expect.objectContaining({ status: 500 }), expect.objectContaining({ status: 503 }), expect.objectContaining({ status: 200 })] }),
    ]);
  });

  test('a receiver that is down: a few attempts, then failed, with the reason', async () => {
    const s = await sandbox(FAST);
    const down = await receiver();
    const url = down.url;
    await down.close();
    await register(s, { url, events: ['sms.sent'] });
    await api(s).me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'x', msisdns: ['0812345678'] } });
    const log = await waitFor(async () => {
      const d = (await api(s).admin('/webhooks/deliveries')).body.deliveries;
      return d[0]?.state === 'failed' && d;
    });
    expect(log[0].attempts).toEqual([0, 1, 2].map(() => expect.objectContaining({ status: null, error: 'ECONNREFUSED' })));
    expect(log[0].nextAttemptAt).toBeNull();
  });

  test('otp.verified for a SEPSMS OTP; credit.low when a balance falls under the threshold', async () => {
    const s = await sandbox({ ...FAST, seed: 3, notify: { ...FAST.notify, creditLowThreshold: 500 } });
    const a = api(s);
    const hook = await receiver();
    await register(s, { url: hook.url, events: ['otp.verified', 'credit.low'] });
    const otp = await a.sep('/otp/send', { method: 'POST', json: { destination: '0812345678', origin: 'OTP' } });
    const pin = /(\d{6})/.exec((await a.inbox('0812345678'))[0]!.text)![1];
    expect((await a.sep('/otp/verify', { method: 'POST', json: { reference: otp.body.result.reference, pin } })).body.result.verified).toBe(true);
    await a.admin('/balance', { method: 'POST', json: { provider: 'sepsms', balance: 501 } });
    await a.sep('/message/send', { method: 'POST', json: { origin: 'S', message: 'x', recipients: ['0812345678', '0812345679'] } });
    await waitFor(() => hook.got.length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(bodies(hook.got)).toEqual([
      expect.objectContaining({ event: 'otp.verified', reference: otp.body.result.reference, msisdn: '66812345678', status: 'verified' }),
      expect.objectContaining({ event: 'credit.low', balance: 499, threshold: 500, status: 'low' }),
    ]);
  });

  test('a message to 1,500 recipients sends 1,000 dr events, and sms.completed counts all 1,500', async () => {
    const s = await sandbox({ ...FAST });
    const hook = await receiver();
    await register(s, { url: hook.url, events: ['dr.success', 'sms.completed'] });
    const msisdns = Array.from({ length: 1500 }, (_, i) => `08${String(10_000_000 + i)}`);
    await api(s).me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'x', msisdns } });
    await waitFor(() => events(hook.got).includes('sms.completed'), { timeoutMs: 20_000 });
    expect(events(hook.got).filter((e) => e === 'dr.success')).toHaveLength(1000);
    expect(bodies(hook.got).find((b) => b.event === 'sms.completed')).toMatchObject({ totalMsisdn: 1500, drSummary: [{ status: 'success', count: 1500 }] });
  }, 30_000);
});

describe('reset', () => {
  test('drops the messages whose events were still to come, keeps the receivers, clears the log', async () => {
    const s = await sandbox({ ...FAST, deliveryDelayMs: 300 });
    const a = api(s);
    const hook = await receiver();
    await register(s, { url: hook.url });
    await a.me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'x', msisdns: ['0812345678'] } });
    await waitFor(() => hook.got.length === 1, { what: 'sms.sent' });
    expect((await a.admin('/reset', { method: 'POST' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(events(hook.got)).toEqual(['sms.sent']);
    expect((await a.admin('/webhooks')).body.webhooks).toHaveLength(1);
    expect((await a.admin('/webhooks/deliveries')).body.deliveries).toEqual([]);
  });
});

describe('ThaiBulkSMS callback_url', () => {
  test.each(['GET', 'POST', 'PUT'])('%s: one call per recipient with its result', async (method) => {
    const s = await sandbox(FAST);
    const hook = await receiver();
    const sent = await api(s).tbsForm('/sms', { msisdn: '0812345678,0800000001', message: 'x', sender: 'SHOP', callback_url: hook.url, callback_method: method, tag: 'promo' });
    expect(sent.status).toBe(201);
    await waitFor(() => hook.got.length === 2, { what: 'two callbacks' });
    const fields = hook.got.map((r) => Object.fromEntries(method === 'GET' ? r.query : new URLSearchParams(r.body)));
    expect(hook.got.map((r) => r.method)).toEqual([method, method]);
    if (method !== 'GET') expect(hook.got[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const ids = sent.body.phone_number_list.map((p: { message_id: string }) => p.message_id);
    expect(fields).toEqual([
      { message_id: ids[0], msisdn: '66812345678', status: 'success', timestamp: expect.any(String), tag: 'promo' },
      { message_id: ids[1], msisdn: '66800000001', status: 'failed', timestamp: expect.any(String), tag: 'promo' },
    ]);
  });
});

describe('kept in the state file', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  test('registrations survive a restart, and events due while it was stopped are sent when it runs again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'smsctl-wh-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const hook = await receiver();
    const first = await startSandbox({ ...FAST, stateFile: file, deliveryDelayMs: 400 });
    await register(first, { url: hook.url, events: ['dr.success'] });
    await api(first).me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'x', msisdns: ['0812345678'] } });
    await first.close(); // before delivery time: the embedded sandbox when its command ends
    expect(hook.got).toEqual([]);
    await new Promise((r) => setTimeout(r, 500));
    const second = await startSandbox({ ...FAST, stateFile: file });
    try {
      expect((await api(second).admin('/webhooks')).body.webhooks).toHaveLength(1);
      await waitFor(() => hook.got.length === 1, { what: 'the late dr.success' });
      expect(JSON.parse(hook.got[0]!.body).msisdn).toBe('66812345678');
    } finally {
      await second.close();
    }
  });

  test('`webhooks` at start registers a URL once (serve --webhook), keeping it on the next start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'smsctl-wh-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const a = await startSandbox({ stateFile: file, webhooks: [{ url: 'http://127.0.0.1:4000/' }] });
    await a.close();
    const b = await startSandbox({ stateFile: file, webhooks: [{ url: 'http://127.0.0.1:4000/' }] });
    await b.close();
    expect(b.webhooks).toEqual([expect.objectContaining({ id: a.webhooks[0]!.id, secret: a.webhooks[0]!.secret })]);
  });
});
