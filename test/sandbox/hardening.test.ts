/**
 * A sandbox safe to leave running: what a web page in the developer's browser, a foreign Host,
 * a huge bad value or a stalled upload can and cannot do to it.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, test } from 'vitest';
import { api, call, ME, sandbox } from './helpers.js';

const port = (url: string) => Number(new URL(url).port);

/** A raw request, so Host and Origin can be set as a browser or an attacker would. */
function raw(url: string, o: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: port(url), method: o.method ?? 'GET', path: o.path, headers: o.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('admin endpoints refuse what a web page can send', () => {
  test('a text/plain POST (a "simple request", no CORS preflight) cannot reset it or set a balance', async () => {
    const s = await sandbox();
    const a = api(s);
    await a.me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'keep me', msisdns: ['0812345678'] } });
    const reset = await call(`${s.url}/__sandbox/reset`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(reset).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    const form = await call(`${s.url}/__sandbox/balance`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'provider=mesms&balance=0',
    });
    expect(form.status).toBe(415);
    expect((await a.me('/sms/credit/balance')).body.result.balance).toBe(99_999);
    // JSON, and a bare POST with no body (curl -X POST), still work.
    expect((await a.admin('/balance', { method: 'POST', json: { provider: 'mesms', balance: 5 } })).status).toBe(200);
    expect((await a.admin('/reset', { method: 'POST' })).body).toEqual({ reset: true });
  });

  test('a request from another origin is refused, even as JSON; the same origin is served', async () => {
    const s = await sandbox();
    const evil = await raw(s.url, {
      method: 'POST',
      path: '/__sandbox/reset',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(evil).toMatchObject({ status: 403, body: { code: 'CROSS_ORIGIN' } });
    const read = await raw(s.url, { path: '/__sandbox/inbox', headers: { origin: 'null' } });
    expect(read.status).toBe(403);
    const crossSite = await raw(s.url, { path: '/__sandbox/inbox', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const same = await raw(s.url, { path: '/__sandbox/inbox', headers: { origin: s.url } });
    expect(same.status).toBe(200);
  });
});

describe('the Host header', () => {
  test('a foreign Host (DNS rebinding) is refused before anything runs, and never echoed into base URLs', async () => {
    const s = await sandbox();
    const foreign = await raw(s.url, { path: '/__sandbox/info', headers: { host: `rebind.evil.example:${port(s.url)}` } });
    expect(foreign.status).toBe(421);
    expect(JSON.stringify(foreign.body)).not.toContain('sepsms/api');
    const wrongPort = await raw(s.url, { path: '/__sandbox/info', headers: { host: '127.0.0.1:1' } });
    expect(wrongPort.status).toBe(421);
    // Provider APIs are checked too: a rebinding page cannot send with the public test keys.
    const send = await raw(s.url, {
      method: 'POST',
      path: '/mesms/api/v2/sms/send',
      headers: { host: 'evil.example', ...ME, 'content-type': 'application/json' },
      body: JSON.stringify({ sender: 'S', content: 'x', msisdns: ['0812345678'] }),
    });
    expect(send.status).toBe(421);
    const local = await raw(s.url, { path: '/__sandbox/info', headers: { host: `localhost:${port(s.url)}` } });
    expect(local.status).toBe(200);
    expect(local.body.providers.sepsms.baseUrl).toBe(`http://localhost:${port(s.url)}/sepsms/api/v2`);
  });

  test('--allow-host adds a name (a Docker service name)', async () => {
    const s = await sandbox({ allowHosts: ['sandbox'] });
    const r = await raw(s.url, { path: '/__sandbox/info', headers: { host: `sandbox:${port(s.url)}` } });
    expect(r.status).toBe(200);
    expect(r.body.providers.mesms.baseUrl).toBe(`http://sandbox:${port(s.url)}/mesms/api/v2`);
  });
});

describe('bad input is quoted, not echoed', () => {
  test('a 10 MB invalid number gets a short 400, not a 20 MB one', async () => {
    const s = await sandbox();
    const huge = `08${'9'.repeat(10 * 1024 * 1024)}`;
    const r = await api(s).me('/sms/send', { method: 'POST', json: { sender: 'S', content: 'x', msisdns: ['0812345678', huge] } });
    expect(r.status).toBe(400);
    const size = JSON.stringify(r.body).length;
    expect(size).toBeLessThan(1000);
    expect(r.body.error).toMatch(/08999999.*… \(10485762 characters\)/);
    expect(r.body.invalid).toEqual([{ msisdn: expect.stringMatching(/^0899+… \(10485762 characters\)$/), reason: expect.any(String) }]);
  });

  test('ThaiBulkSMS quotes a prefix of a bad callback URL', async () => {
    const s = await sandbox();
    const r = await api(s).tbsForm('/sms', { msisdn: '0812345678', message: 'x', callback_url: `ftp://${'a'.repeat(100_000)}` });
    expect(r.status).toBe(400);
    expect(r.body.error.name).toBe('ERROR_CALLBACK_URL');
    expect(JSON.stringify(r.body).length).toBeLessThan(500);
  });

  test('an unknown path is quoted in part', async () => {
    const s = await sandbox();
    const r = await call(`${s.url}/${'x'.repeat(5000)}`);
    expect(r.status).toBe(404);
    expect(JSON.stringify(r.body).length).toBeLessThan(400);
  });
});

describe('request bodies', () => {
  test('a declared body over the bound is refused before it is read', async () => {
    const s = await sandbox({ bodyLimitBytes: 1000 });
    const r = await call(`${s.info.providers.mesms.baseUrl}/sms/send`, { method: 'POST', headers: ME, body: 'a'.repeat(1001) });
    expect(r).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  test('the recipients array is read from the body as it lies: escapes, odd values and key order all parse as JSON.parse would', async () => {
    const s = await sandbox();
    const a = api(s);
    const body = '{"msisdns" : [ "0812345678" ,"\\u0030812345679", 66812345670 ,null, {"a":[1,"]"]}],"content":"hi \\"there\\"","sender":"S","__proto__":{"x":1}}';
    const r = await a.me('/sms/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(r.status).toBe(400);
    expect(r.body.invalid.map((x: { msisdn: string }) => x.msisdn)).toEqual(['66812345670', 'null', '{"a":[1,"]"]}']);
    const ok = await a.me('/sms/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sender":"S","content":"hi \\"there\\"","msisdns":["0812345678","\\u0030812345679"]}' });
    expect(ok.body.result).toMatchObject({ totalMsisdn: 2 });
    const back = await a.me(`/sms/${ok.body.result.uuid}/recipients?after=0`);
    expect(back.body.result.recipients.map((x: { msisdn: string }) => x.msisdn)).toEqual(['66812345678', '66812345679']);
    for (const broken of ['{"msisdns":["0812345678"', '{"msisdns":["0812345678",]}', '{"msisdns":[081]}', '[1]', '{"msisdns":["08\u0001"]}']) {
      const bad = await a.me('/sms/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: broken });
      expect({ broken, status: bad.status, code: bad.body.code }).toEqual({ broken, status: 400, code: 'INVALID_JSON' });
    }
  });
});

describe('stalled uploads', () => {
  test('a request that stops half-way is closed after the request timeout', async () => {
    const s = await sandbox({ requestTimeoutMs: 300 });
    const socket = connect(port(s.url), '127.0.0.1');
    const started = Date.now();
    const closed = new Promise<{ ms: number; text: string }>((resolve) => {
      let text = '';
      socket.setEncoding('utf8').on('data', (d: string) => (text += d));
      socket.on('close', () => resolve({ ms: Date.now() - started, text }));
    });
    socket.write(`POST /mesms/api/v2/sms/send HTTP/1.1\r\nHost: 127.0.0.1:${port(s.url)}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"msisdns":[`);
    const { ms, text } = await closed;
    expect(ms).toBeLessThan(5000);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('a non-loopback bind', () => {
  // The one test that must bind beyond loopback: that is the behaviour under test. It is reached via 127.0.0.1.
  test('admin endpoints need the bearer token; loopback binds and provider APIs do not', async () => {
    const s = await sandbox({ host: '0.0.0.0' });
    expect(s).toMatchObject({ exposed: true, adminToken: expect.stringMatching(/^sbx_[\w-]{32}$/), listenUrl: `http://0.0.0.0:${port(s.url)}` });
    expect(s.url).toBe(`http://127.0.0.1:${port(s.url)}`);
    const none = await call(`${s.url}/__sandbox/inbox`);
    expect(none).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await call(`${s.url}/__sandbox/reset`, { method: 'POST', headers: { authorization: 'Bearer sbx_wrong' } })).status).toBe(401);
    const withToken = await call(`${s.url}/__sandbox/inbox`, { headers: { authorization: `Bearer ${s.adminToken}` } });
    expect(withToken.status).toBe(200);
    expect((await api(s).me('/sms/credit/balance')).status).toBe(200);

    const local = await sandbox();
    expect(local).toMatchObject({ exposed: false, adminToken: undefined });
    expect((await call(`${local.url}/__sandbox/inbox`)).status).toBe(200);
  });

  test('a fixed token can be given (SMSCTL_SANDBOX_TOKEN on serve)', async () => {
    const s = await sandbox({ host: '0.0.0.0', adminToken: 'sbx_fixed_token_for_compose' });
    expect((await call(`${s.url}/__sandbox/info`, { headers: { authorization: 'Bearer sbx_fixed_token_for_compose' } })).status).toBe(200);
  });
});
