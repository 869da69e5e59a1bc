import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import type { SandboxOptions } from '../../src/sandbox/index.js';
import { createSandboxServer } from '../../src/sandbox/server.js';
import type { App } from '../../src/sandbox/http.js';
import { api, call, clock, sandbox, TBS_OTP } from './helpers.js';
import { waitFor } from '../helpers/wait.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'smsctl-sandbox-'));
  dirs.push(d);
  return d;
}

describe('state file', () => {
  test('a restart keeps balances, messages, statuses, recipients and OTPs', async () => {
    const c = clock();
    const file = join(await tmp(), 'nested', 'state.json');
    const opts: SandboxOptions = { now: c.now, stateFile: file, deliveryDelayMs: 1000 };
    const first = await startSandbox(opts);
    const a = api(first);
    const sent = await a.me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'persist me', msisdns: ['0812345678', '0800000001'] } });
    const sched = await a.sep('/message/send', {
      method: 'POST',
      json: { origin: 'S', message: 'later', recipients: ['0812345678'], scheduledTime: new Date(c.now() + 600_000).toISOString() },
    });
    const otp = await a.otp('/v2/otp/request', { ...TBS_OTP, msisdn: '0898765432' });
    const pin = /(\d{6})/.exec((await a.inbox('0898765432'))[0]?.text ?? '')?.[1] ?? '';
    await a.admin('/balance', { method: 'POST', json: { provider: 'thaibulksms', balance: 77 } });
    await first.close();
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    c.advance(5000);
    const second = await startSandbox(opts);
    try {
      const b = api(second);
      expect((await b.me('/sms/credit/balance')).body.result.balance).toBe(99998);
      expect((await b.sep('/message/credit/balance')).body.result.balance).toBe(99999);
      expect((await b.tbs('/credit')).body.remaining_credit.standard).toBe(77);
      const m = (await b.me(`/sms/${sent.body.result.uuid}`)).body.result;
      expect(m).toMatchObject({ status: 'sent', content: 'persist me', drSummary: [{ drStatus: 'success', count: 1 }, { drStatus: 'failed', count: 1 }] });
      expect((await b.me(`/sms/${sent.body.result.uuid}/recipients?after=0`)).body.result.recipients).toEqual([
        { id: 1, msisdn: '66812345678', status: 'success' },
        { id: 2, msisdn: '66800000001', status: 'failed' },
      ]);
      expect((await b.me('/senders')).body.result.map((x: { name: string }) => x.name)).toContain('S');
      expect((await b.inbox('0812345678')).map((x) => x.text)).toEqual(['persist me']);
      expect((await b.otp('/v2/otp/verify', { ...TBS_OTP, token: otp.body.token, pin })).status).toBe(200);
      // Cancelling after a restart still refunds.
      expect((await b.sep(`/message/${sched.body.result.uuid}/cancel`, { method: 'POST' })).body.result.refundedCredit).toBe(1);
      await second.flush();
      const saved = JSON.parse(await readFile(file, 'utf8'));
      expect(saved.messages).toHaveLength(2);
      expect(saved.messages[0].nsn).toBe(Buffer.from(new Uint32Array([812345678, 800000001]).buffer).toString('base64'));
    } finally {
      await second.close();
    }
  });

  test('state is written shortly after a change, without close()', async () => {
    const file = join(await tmp(), 'state.json');
    const s = await sandbox({ stateFile: file });
    await api(s).admin('/balance', { method: 'POST', json: { provider: 'mesms', balance: 5 } });
    // The sandbox is still running: only its own delayed save can have written the file.
    await waitFor(async () => JSON.parse(await readFile(file, 'utf8')).balances.mesms === 5, { timeoutMs: 5000, intervalMs: 20, what: 'the state file to hold the new balance' });
  });

  test('options.balances apply only when there is no state yet', async () => {
    const file = join(await tmp(), 'state.json');
    const s = await startSandbox({ stateFile: file, balances: { mesms: 10 } });
    await api(s).me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'x', msisdns: ['0812345678'] } });
    await s.close();
    const again = await sandbox({ stateFile: file, balances: { mesms: 1000 } });
    expect((await api(again).me('/sms/credit/balance')).body.result.balance).toBe(9);
  });

  test('a corrupt state file is a clear error on start', async () => {
    const file = join(await tmp(), 'state.json');
    await writeFile(file, '{"format":"smsctl-sandbox-state","version":1,"balances":');
    await expect(startSandbox({ stateFile: file })).rejects.toThrow(/state file .*state\.json is corrupt \(not valid JSON\)/);
    await writeFile(file, JSON.stringify({ hello: 'world' }));
    await expect(startSandbox({ stateFile: file })).rejects.toThrow(/corrupt \(not a sandbox state file\)/);
  });
});

describe('options', () => {
  test('seed makes uuids, refNos, OTP references and codes deterministic', async () => {
    const c1 = clock();
    const c2 = clock();
    const run = async (seed: number | undefined, now: () => number) => {
      const s = await sandbox({ seed, now });
      const a = api(s);
      const sms = (await a.me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'x', msisdns: ['0812345678'] } })).body.result;
      const otp = (await a.sep('/otp/send', { method: 'POST', json: { destination: '0812345678', origin: 'S' } })).body.result;
      const tbs = (await a.tbsForm('/sms', { msisdn: '0812345678', message: 'x', sender: 'S' })).body.phone_number_list[0].message_id;
      return { uuid: sms.uuid, refNo: sms.refNo, otp: otp.uuid, ref: otp.reference, tbs, inbox: (await a.inbox()).map((m) => m.text) };
    };
    const a = await run(42, c1.now);
    expect(await run(42, c2.now)).toEqual(a);
    expect((await run(43, c1.now)).uuid).not.toBe(a.uuid);
    expect((await run(undefined, c1.now)).uuid).not.toBe(a.uuid);
  });

  test('a seeded sandbox restarted from its state file does not repeat ids', async () => {
    const file = join(await tmp(), 'state.json');
    const send = async () => {
      const s = await startSandbox({ seed: 7, stateFile: file });
      const r = await api(s).me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'x', msisdns: ['0812345678'] } });
      await s.close();
      return r.body.result.uuid as string;
    };
    expect(await send()).not.toBe(await send());
  });

  test('latencyMs delays every response', async () => {
    const s = await sandbox({ latencyMs: 120 });
    const t = performance.now();
    await call(`${s.url}/__sandbox/info`);
    await call(`${s.url}/nowhere`);
    // A lower bound on a delay the sandbox adds on purpose: a busy machine only makes it longer.
    expect(performance.now() - t).toBeGreaterThanOrEqual(230);
  });

  test('onRequest sees provider, method, path, headers and raw body', async () => {
    const seen: Parameters<NonNullable<SandboxOptions['onRequest']>>[0][] = [];
    const s = await sandbox({ onRequest: (r) => seen.push(r) });
    await api(s).tbsForm('/sms', { msisdn: '0812345678', message: 'hé', sender: 'S' });
    await api(s).me('/sms?page=2');
    await call(`${s.url}/__sandbox/info`);
    expect(seen.map((r) => [r.provider, r.method, r.path])).toEqual([
      ['thaibulksms', 'POST', '/thaibulksms/sms'],
      ['mesms', 'GET', '/mesms/api/v2/sms?page=2'],
      ['sandbox', 'GET', '/__sandbox/info'],
    ]);
    expect(seen[0]?.body).toBe('msisdn=0812345678&message=h%C3%A9&sender=S');
    expect(seen[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen[1]?.headers['x-api-key']).toBe('me_sandbox_0000000000000000');
  });

  test('bodies over the size cap are refused with 413 in the provider shape', async () => {
    const app: App = {
      name: 'mesms',
      prefix: '/x',
      routes: [{ method: 'POST', path: '/echo', handle: (ctx) => ({ status: 200, body: { size: ctx.rawBody.length } }) }],
      error: (_s, code, message) => ({ error: message, code }),
      codes: { notFound: 'NF', methodNotAllowed: 'MNA', invalidBody: 'IB', invalidParam: 'IP', tooLarge: 'PAYLOAD_TOO_LARGE', internal: 'INT' },
    };
    const server = createSandboxServer({ apps: [app], fallback: app, now: Date.now, bodyLimitBytes: 1000 });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x/echo`;
      expect((await call(url, { method: 'POST', body: 'a'.repeat(1000) })).body).toEqual({ size: 1000 });
      const big = await call(url, { method: 'POST', body: 'a'.repeat(1001) });
      expect(big.status).toBe(413);
      expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
