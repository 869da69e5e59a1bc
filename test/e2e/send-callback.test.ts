/**
 * `send --callback-url`: a ThaiBulkSMS send field (a test server stands in for ThaiBulkSMS and
 * reads the form), kept by a resumed run, refused with exit 2 by the other providers before
 * any request is made.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempConfigDir } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/http-server.js';

let tmp: ReturnType<typeof tempConfigDir>;
let tbs: TestServer;
beforeEach(async () => {
  tmp = tempConfigDir();
  tbs = await startTestServer();
  tbs.route({ method: 'GET', path: '/credit' }, () => ({ body: { remaining_credit: 1000 } }));
});
afterEach(async () => {
  await tbs.close();
  tmp.cleanup();
});

const tbsEnv = () => ({ SMSCTL_PROVIDER: 'thaibulksms', SMSCTL_API_KEY: 'tbs_key_callback_test', SMSCTL_API_SECRET: 'tbs_secret_callback_test', SMSCTL_BASE_URL: tbs.url });
const accepted = (form: URLSearchParams) => ({
  status: 201,
  body: {
    phone_number_list: form.get('msisdn')!.split(',').map((n, i) => ({ number: n, message_id: `m-${n}-${i}` })),
    bad_phone_number_list: [],
    total_use_credit: 1,
  },
});

describe('send --callback-url', () => {
  it('ThaiBulkSMS gets callback_url and callback_method in the send form', async () => {
    tbs.route({ method: 'POST', path: '/sms' }, (req) => accepted(new URLSearchParams(req.body)));
    const r = await runCli(['send', '--to', '0812345678', '-m', 'hi', '--yes', '--callback-url', 'https://example.com/hooks/tbs?shop=1', '--callback-method', 'put'], { configDir: tmp.dir, env: tbsEnv() });
    expect(r.code).toBe(0);
    const form = tbs.form(tbs.requests.findIndex((q) => q.path === '/sms'));
    expect(form.get('callback_url')).toBe('https://example.com/hooks/tbs?shop=1');
    expect(form.get('callback_method')).toBe('PUT');
    expect(form.get('msisdn')).toBe('0812345678');
  });

  it('POST unless told; loopback http is allowed; no flag, no fields', async () => {
    tbs.route({ method: 'POST', path: '/sms' }, (req) => accepted(new URLSearchParams(req.body)));
    expect((await runCli(['send', '--to', '0812345678', '-m', 'one', '--yes', '--callback-url', 'http://127.0.0.1:4000/'], { configDir: tmp.dir, env: tbsEnv() })).code).toBe(0);
    expect((await runCli(['send', '--to', '0812345678', '-m', 'two', '--yes'], { configDir: tmp.dir, env: tbsEnv() })).code).toBe(0);
    const sends = tbs.bodies({ path: '/sms' }).map((q) => new URLSearchParams(q.body));
    expect([sends[0]!.get('callback_url'), sends[0]!.get('callback_method')]).toEqual(['http://127.0.0.1:4000/', 'POST']);
    expect(sends[1]!.has('callback_url')).toBe(false);
    expect(sends[1]!.has('callback_method')).toBe(false);
  });

  it('a resumed run asks for the same callback', async () => {
    tbs.route({ method: 'POST', path: '/sms' }, (req, nth) =>
      nth === 1 ? { status: 400, body: { error: { code: 112, name: 'ERROR_MESSAGE', description: 'Message is invalid.' } } } : accepted(new URLSearchParams(req.body)),
    );
    const first = await runCli(['send', '--to', '0812345678,0898765432', '-m', 'hi', '--yes', '--batch-size', '1', '--max-failures', '1', '--callback-url', 'https://example.com/cb'], { configDir: tmp.dir, env: tbsEnv() });
    expect(first.code).not.toBe(0);
    const resumed = await runCli(['send', '--resume', '--yes'], { configDir: tmp.dir, env: tbsEnv() });
    expect(resumed.code).toBe(0);
    const sends = tbs.bodies({ path: '/sms' }).map((q) => new URLSearchParams(q.body));
    expect(sends.length).toBeGreaterThanOrEqual(2);
    for (const s of sends) expect(s.get('callback_url')).toBe('https://example.com/cb');
    const again = await runCli(['send', '--resume', '--yes', '--callback-url', 'https://example.com/other'], { configDir: tmp.dir, env: tbsEnv() });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--resume continues a run exactly as it was planned; it takes no --callback-url/);
  });

  it.each([
    ['SEPSMS', 'sepsms', /SEPSMS takes no per-send callback \(only ThaiBulkSMS does\); SEPSMS reports by webhooks .* smsctl webhook listen/],
    ['ME-SMS', 'mesms', /ME-SMS takes no per-send callback/],
  ])('%s: exit 2 before any request', async (_name, provider, message) => {
    const other = await startTestServer();
    try {
      const r = await runCli(['send', '--to', '0812345678', '-m', 'hi', '--sender', 'SHOP', '--yes', '--callback-url', 'https://example.com/cb'], {
        configDir: tmp.dir,
        env: { SMSCTL_PROVIDER: provider, SMSCTL_API_KEY: 'sk_sep_callback_test_000', SMSCTL_BASE_URL: other.url },
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(other.requests).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('refuses plain http off this machine, a bad method, and a method without a URL (exit 2, nothing sent)', async () => {
    const env = tbsEnv();
    const insecure = await runCli(['send', '--to', '0812345678', '-m', 'hi', '--yes', '--callback-url', 'http://example.com/cb'], { configDir: tmp.dir, env });
    expect(insecure.code).toBe(2);
    expect(insecure.stderr).toMatch(/--callback-url: plain http:\/\/ is refused for example\.com/);
    const method = await runCli(['send', '--to', '0812345678', '-m', 'hi', '--yes', '--callback-url', 'https://example.com/cb', '--callback-method', 'DELETE'], { configDir: tmp.dir, env });
    expect(method.code).toBe(2);
    expect(method.stderr).toMatch(/--callback-method DELETE: expected GET, POST or PUT/);
    const alone = await runCli(['send', '--to', '0812345678', '-m', 'hi', '--yes', '--callback-method', 'GET'], { configDir: tmp.dir, env });
    expect(alone.code).toBe(2);
    expect(tbs.bodies({ path: '/sms' })).toEqual([]);
  });
});
