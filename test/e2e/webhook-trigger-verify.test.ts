/**
 * `webhook trigger` against a receiver that checks the signature with its own HMAC, and
 * `webhook verify` on captured deliveries: exit 0 valid, exit 3 with each reason.
 */
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startTestServer, type RecordedRequest, type TestServer } from '../helpers/http-server.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';

const SECRET = 'whsec_trigger_test_9a8b7c6d';
const tmp = tempConfigDir();
const hmac = (secret: string, t: string, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

/** What a receiver written from the README would do. */
function checks(req: RecordedRequest): boolean {
  const sig = String(req.headers['x-webhook-signature']);
  const t = /(?:^|,)t=(\d+)/.exec(sig)?.[1];
  const v1 = [...sig.matchAll(/v1=([0-9a-f]+)/g)].map((m) => m[1]);
  return t !== undefined && t === req.headers['x-webhook-timestamp'] && v1.includes(hmac(SECRET, t, req.body)) && Math.abs(Date.now() / 1000 - Number(t)) < 300;
}

let receiver: TestServer;
beforeAll(async () => {
  receiver = await startTestServer();
  receiver.route({ method: 'POST', path: '/hooks' }, (req) => (checks(req) ? { status: 200, body: { received: true } } : { status: 401, body: { error: 'bad signature' } }));
  receiver.route({ method: 'POST', path: '/broken' }, () => ({ status: 500, body: 'oops' }));
});
afterAll(async () => {
  await receiver.close();
  tmp.cleanup();
});

const cli = (args: string[], env: Record<string, string> = { SMSCTL_WEBHOOK_SECRET: SECRET }, input?: string) => runCli(args, { configDir: tmp.dir, env, input });

describe('webhook trigger', () => {
  it.each(['sms.sent', 'sms.failed', 'sms.completed', 'dr.success', 'dr.failed', 'otp.verified', 'credit.low', 'order.completed'])(
    '%s: a correctly signed, realistic sample; the receiver\'s answer shown',
    async (event) => {
      const r = await cli(['webhook', 'trigger', event, '--to', `${receiver.url}/hooks`]);
      expect(r.stderr).toMatch(new RegExp(`^POST ${receiver.url}/hooks  ${event.replace('.', '\\.')}  txId [0-9a-f]{16}`));
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^200 in \d+ ms\n\{"received":true\}\n$/);
      const req = receiver.bodies({ path: '/hooks' }).at(-1)!;
      expect(req.headers['x-webhook-event']).toBe(event);
      expect(req.headers['content-type']).toBe('application/json');
      const body = JSON.parse(req.body) as Record<string, unknown>;
      expect(body).toMatchObject({ event, txId: expect.stringMatching(/^[0-9a-f]{16}$/), createdAt: expect.stringMatching(/\+07:00$/), status: expect.any(String) });
      if (event.startsWith('dr.')) expect(body).toMatchObject({ smsUuid: expect.any(String), msisdn: expect.stringMatching(/^66\d{9}$/) });
      expect(r.stdout + r.stderr).not.toContain(SECRET);
    },
  );

  it('--data overrides fields, keeping a number a number; KEY:=JSON sets any value', async () => {
    const r = await cli(['webhook', 'trigger', 'credit.low', '--to', `${receiver.url}/hooks`, '--data', 'balance=12', '--data', 'txId=fixed-1', '--data', 'note:={"a":[1]}']);
    expect(r.code).toBe(0);
    expect(JSON.parse(receiver.bodies({ path: '/hooks' }).at(-1)!.body)).toMatchObject({ event: 'credit.low', balance: 12, txId: 'fixed-1', note: { a: [1] } });
    const bad = await cli(['webhook', 'trigger', 'credit.low', '--to', `${receiver.url}/hooks`, '--data', 'balance=lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--data balance=lots: balance is a number in credit\.low/);
  });

  it('a receiver that refuses is exit 3, one that fails exit 7, one that is down exit 7; the wrong secret is refused', async () => {
    const wrong = await cli(['webhook', 'trigger', 'dr.success', '--to', `${receiver.url}/hooks`, '--secret', 'whsec_wrong']);
    expect(wrong.code).toBe(3);
    expect(wrong.stdout).toMatch(/^401 in \d+ ms\n\{"error":"bad signature"\}/);
    expect(wrong.stderr).toMatch(/smsctl: error: the receiver answered 401: it did not accept the dr\.success event/);
    const broken = await cli(['webhook', 'trigger', 'dr.success', '--to', `${receiver.url}/broken`]);
    expect(broken.code).toBe(7);
    const port = await closedPort();
    const down = await cli(['webhook', 'trigger', 'dr.success', '--to', `http://127.0.0.1:${port}/`]);
    expect(down.code).toBe(7);
    expect(down.stderr).toMatch(/cannot reach 127\.0\.0\.1:\d+: connection refused/);
  });

  it('an unknown event or no secret is exit 2', async () => {
    const unknown = await cli(['webhook', 'trigger', 'dr.maybe', '--to', `${receiver.url}/hooks`]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/dr\.maybe/);
    const none = await cli(['webhook', 'trigger', 'dr.success', '--to', `${receiver.url}/hooks`], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no webhook secret to sign with; give --secret, set SMSCTL_WEBHOOK_SECRET/);
  });
});

describe('webhook verify', () => {
  const body = '{"event":"dr.success","txId":"8f3a1c9d","msisdn":"66812345678","status":"success"}';
  const file = join(tmp.dir, 'body.json');
  beforeAll(() => writeFileSync(file, body));
  const t = () => String(Math.floor(Date.now() / 1000));
  const verify = (signature: string, extra: string[] = [], env?: Record<string, string>) => cli(['webhook', 'verify', '--signature', signature, '--body-file', file, ...extra], env);

  it('valid: exit 0, says which v1 matched', async () => {
    const now = t();
    const r = await verify(`t=${now},v1=${hmac('old', now, body)},v1=${hmac(SECRET, now, body)}`, ['--timestamp', now]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid: v1 2 of 2 matches \(secret from SMSCTL_WEBHOOK_SECRET\); signed \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+07:00, \d+ s ago\n$/);
    const stdin = await cli(['webhook', 'verify', '--signature', `t=${now},v1=${hmac(SECRET, now, body)}`, '--body-file', '-'], undefined, body);
    expect(stdin.code).toBe(0);
  });

  const cases: [string, () => [string, string[]], string, RegExp][] = [
    ['tampered body / wrong secret', () => [`t=${t()},v1=${hmac('whsec_other', t(), body)}`, []], 'NO_MATCHING_SIGNATURE', /no v1 matches/],
    ['stale', () => { const old = String(Number(t()) - 600); return [`t=${old},v1=${hmac(SECRET, old, body)}`, []]; }, 'STALE_TIMESTAMP', /stale: signed 6\d\d s ago, more than the tolerance of 300 s/],
    ['future', () => { const soon = String(Number(t()) + 600); return [`t=${soon},v1=${hmac(SECRET, soon, body)}`, []]; }, 'FUTURE_TIMESTAMP', /in the future/],
    ['malformed', () => ['sha256=abc', []], 'MALFORMED_SIGNATURE', /malformed X-Webhook-Signature/],
    ['X-Webhook-Timestamp not t', () => [`t=${t()},v1=${hmac(SECRET, t(), body)}`, ['--timestamp', '1']], 'TIMESTAMP_MISMATCH', /X-Webhook-Timestamp 1 is not the signature's t=/],
  ];
  it.each(cases)('%s: exit 3 with the reason', async (_what, make, _code, reason) => {
    const [sig, extra] = make();
    const r = await verify(sig, extra);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^smsctl: error: not valid: /);
    expect(r.stderr).toMatch(reason);
  });

  it('a wider --tolerance accepts an old capture; no secret is exit 2', async () => {
    const old = String(Number(t()) - 3600);
    expect((await verify(`t=${old},v1=${hmac(SECRET, old, body)}`, ['--tolerance', '7200'])).code).toBe(0);
    const none = await verify(`t=${old},v1=${hmac(SECRET, old, body)}`, [], {});
    expect(none.code).toBe(2);
  });
});
