/**
 * `smsctl webhook listen` as a user runs it: the built CLI in its own process, receiving
 * SEPSMS webhooks signed here with an independent HMAC, ThaiBulkSMS callbacks by each method,
 * and forwarding to a test server standing in for the app (and to a port where nothing runs).
 */
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, tempConfigDir, type StartedCli } from '../helpers/cli.js';
import { closedPort, startTestServer, type TestServer } from '../helpers/http-server.js';
import { shapeErrors } from '../helpers/shape.js';
import { waitFor } from '../helpers/wait.js';

const SECRET = 'whsec_listen_test_5f0e8f8c2a';
const tmp = tempConfigDir();
afterAll(() => tmp.cleanup());

const now = () => Math.floor(Date.now() / 1000);
const hmac = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

interface Delivery {
  event?: string;
  body?: string;
  t?: number;
  secret?: string;
  signature?: string;
  timestamp?: string;
  path?: string;
}

function deliveryBody(event: string, txId: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ event, createdAt: '2026-01-16T16:40:05+07:00', txId, smsUuid: '9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73', msisdn: '66812345678', status: 'success', ...extra });
}

async function post(base: string, d: Delivery): Promise<{ status: number; body: string }> {
  const event = d.event ?? 'dr.success';
  const body = d.body ?? deliveryBody(event, 'tx-default');
  const t = d.t ?? now();
  const res = await fetch(`${base}${d.path ?? '/'}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-webhook-event': event,
      'x-webhook-timestamp': d.timestamp ?? String(t),
      'x-webhook-signature': d.signature ?? `t=${t},v1=${hmac(d.secret ?? SECRET, t, body)}`,
    },
    body,
  });
  return { status: res.status, body: await res.text() };
}

interface Running {
  cli: StartedCli;
  base: string;
  stop(): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

async function listen(args: string[], env: Record<string, string> = { SMSCTL_WEBHOOK_SECRET: SECRET }): Promise<Running> {
  const cli = startCli(['webhook', 'listen', '--port', '0', ...args], { configDir: tmp.dir, env });
  const base = await waitFor(() => /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(cli.stderr())?.[1], { what: `the listening line in: ${cli.stderr()}` });
  return {
    cli,
    base,
    async stop() {
      cli.child.kill('SIGINT');
      const { code } = await cli.exited;
      return { code, stdout: cli.stdout(), stderr: cli.stderr() };
    },
  };
}

const lines = (out: string) => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('webhook listen', () => {
  let app: TestServer;
  let running: Running | undefined;
  beforeAll(async () => {
    app = await startTestServer();
    app.route({ path: '/app' }, () => ({ status: 200, body: { thanks: true } }));
  });
  afterAll(() => app.close());
  afterEach(async () => {
    if (running && running.cli.child.exitCode === null) await running.stop();
    running = undefined;
  });

  it('answers 200 only to valid deliveries, says why others fail, drops replays, forwards what it accepts', async () => {
    running = await listen(['--json', '--forward-to', `${app.url}/app`]);
    const { base } = running;
    const valid = deliveryBody('dr.success', 'tx-1');
    expect((await post(base, { body: valid })).status).toBe(200);
    // Rejected: each with its status and its reason on stderr.
    const tampered = await post(base, { body: valid, signature: `t=${now()},v1=${hmac(SECRET, now(), valid.replace('success', 'failed'))}` });
    expect(tampered.status).toBe(401);
    expect((await post(base, { body: deliveryBody('dr.success', 'tx-2'), secret: 'whsec_wrong' })).status).toBe(401);
    expect((await post(base, { body: deliveryBody('dr.success', 'tx-3'), t: now() - 3600 })).status).toBe(401);
    expect((await post(base, { body: deliveryBody('dr.success', 'tx-4'), t: now() + 3600 })).status).toBe(401);
    expect((await post(base, { body: deliveryBody('dr.success', 'tx-5'), signature: 'v1=abcd' })).status).toBe(400);
    expect((await post(base, { body: deliveryBody('dr.success', 'tx-6'), timestamp: String(now() - 10) })).status).toBe(400);
    // Secret rotation: the old secret's v1 first, the current one second.
    const rotated = deliveryBody('sms.completed', 'tx-7', { status: 'completed' });
    const t = now();
    expect((await post(base, { event: 'sms.completed', body: rotated, signature: `t=${t},v1=${hmac('whsec_old', t, rotated)},v1=${hmac(SECRET, t, rotated)}` })).status).toBe(200);
    // The same event and txId again: dropped, still 200 so the provider stops retrying.
    const replay = await post(base, { body: valid });
    expect(replay.status).toBe(200);
    // The same txId with another event is another delivery.
    expect((await post(base, { event: 'dr.failed', body: deliveryBody('dr.failed', 'tx-1', { status: 'failed' }) })).status).toBe(200);

    await waitFor(() => app.bodies({ path: '/app' }).length === 3, { what: 'three forwards' });
    const { code, stdout, stderr } = await running.stop();
    expect(code).toBe(0);
    const out = lines(stdout);
    const events = out.slice(0, -1);
    expect(events.map((e) => [e.event, e.txId, e.verified])).toEqual([
      ['dr.success', 'tx-1', true],
      ['sms.completed', 'tx-7', true],
      ['dr.failed', 'tx-1', true],
    ]);
    expect(events[0]).toEqual({
      source: 'sepsms',
      event: 'dr.success',
      time: '2026-01-16T09:40:05.000Z',
      smsUuid: '9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73',
      msisdn: '66812345678',
      status: 'success',
      txId: 'tx-1',
      verified: true,
      method: 'POST',
      data: JSON.parse(valid),
    });
    // The stream ends with the envelope, its counts as documented (README, contract test).
    const envelope = out.at(-1)!;
    expect(envelope).toEqual({ ok: true, received: 10, verified: 3, callbacks: 0, rejected: 6, duplicates: 1, forwarded: 3, forwardFailed: 0 });
    expect(shapeErrors(envelope, { ok: 'boolean', received: 'number', verified: 'number', callbacks: 'number', rejected: 'number', duplicates: 'number', forwarded: 'number', forwardFailed: 'number' })).toEqual([]);
    expect(stderr).toMatch(/401 NO_MATCHING_SIGNATURE: no v1 matches/);
    expect(stderr).toMatch(/401 STALE_TIMESTAMP: stale: signed \d+ s ago/);
    expect(stderr).toMatch(/401 FUTURE_TIMESTAMP: signed \d+ s in the future/);
    expect(stderr).toMatch(/400 MALFORMED_SIGNATURE: malformed X-Webhook-Signature: no t= in it/);
    expect(stderr).toMatch(/400 TIMESTAMP_MISMATCH: X-Webhook-Timestamp \d+ is not the signature's t=\d+/);
    expect(stderr).toMatch(/duplicate dr\.success txId tx-1 dropped \(already received\); answered 200/);
    expect(stderr).toMatch(/→ forwarded dr\.success tx-1 to http:\/\/127\.0\.0\.1:\d+\/app: 200 in \d+ ms/);
    expect(stderr).toMatch(/Stopped: 10 deliveries received, 3 verified, 0 callbacks, 6 rejected, 1 duplicate, 3 forwarded, 0 not forwarded\./);
    // The app gets the delivery as SEPSMS sent it: same body, same signature headers.
    const first = app.bodies({ path: '/app' })[0]!;
    expect(first.body).toBe(valid);
    expect(first.headers['x-webhook-event']).toBe('dr.success');
    expect(first.headers['x-webhook-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(first.headers['content-type']).toBe('application/json');
    expect(stdout + stderr).not.toContain(SECRET);
  });

  it('shows ThaiBulkSMS callbacks by GET, POST (form) and PUT (JSON) as unsigned, and forwards them', async () => {
    running = await listen(['--path', '/tbs', '--forward-to', `${app.url}/app`]);
    const before = app.bodies({ path: '/app' }).length;
    const { base } = running;
    expect((await fetch(`${base}/tbs?msisdn=0812345678&status=success&message_id=m-1`)).status).toBe(200);
    const form = await fetch(`${base}/tbs`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'msisdn=0898765432&status=failed&message_id=m-2' });
    expect(form.status).toBe(200);
    const json = await fetch(`${base}/tbs`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ msisdn: '66861234567', status: 'expired', message_id: 'm-3' }) });
    expect(json.status).toBe(200);
    expect((await fetch(`${base}/elsewhere?msisdn=0812345678`)).status).toBe(404);
    expect((await fetch(`${base}/tbs`, { method: 'DELETE' })).status).toBe(405);
    await waitFor(() => app.bodies({ path: '/app' }).length === before + 3, { what: 'three forwards' });
    const { code, stdout, stderr } = await running.stop();
    expect(code).toBe(0);
    const shown = stdout.split('\n').filter(Boolean);
    expect(shown).toHaveLength(3);
    expect(shown[0]).toMatch(/thaibulksms callback \(GET, unsigned\) {2}66812345678 {2}success {2}msisdn=0812345678 status=success message_id=m-1$/);
    expect(shown[1]).toMatch(/thaibulksms callback \(POST, unsigned\) {2}66898765432 {2}failed/);
    expect(shown[2]).toMatch(/thaibulksms callback \(PUT, unsigned\) {2}66861234567 {2}expired/);
    const forwarded = app.bodies({ path: '/app' }).slice(before);
    expect(forwarded.map((r) => [r.method, r.query.get('message_id') ?? new URLSearchParams(r.body).get('message_id') ?? JSON.parse(r.body).message_id])).toEqual([
      ['GET', 'm-1'],
      ['POST', 'm-2'],
      ['PUT', 'm-3'],
    ]);
    expect(stderr).toMatch(/ThaiBulkSMS callbacks .* unsigned/);
    expect(stderr).toMatch(/Stopped: 4 deliveries received, 0 verified, 3 callbacks, 1 rejected/);
  });

  it('a forward target that is down is retried and reported; the listener carries on', async () => {
    const port = await closedPort();
    running = await listen(['--forward-to', `http://127.0.0.1:${port}/hooks`]);
    expect((await post(running.base, { body: deliveryBody('dr.success', 'down-1') })).status).toBe(200);
    await waitFor(() => /could not forward/.test(running!.cli.stderr()), { what: 'the failed forward' });
    // Still listening, still answering.
    expect((await post(running.base, { body: deliveryBody('dr.success', 'down-2') })).status).toBe(200);
    const { code, stderr, stdout } = await running.stop();
    expect(code).toBe(0);
    expect(stderr).toMatch(new RegExp(`→ could not forward dr\\.success down-1 to http://127\\.0\\.0\\.1:${port}/hooks after 4 attempts: connection refused`));
    expect(stderr).toMatch(/2 verified, 0 callbacks, 0 rejected, 0 duplicates, 0 forwarded, 2 not forwarded/);
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('bounds bodies (413) and refuses signed deliveries when it has no secret', async () => {
    running = await listen([], {});
    expect(running.cli.stderr()).toMatch(/no secret, so every signed delivery is refused \(401\)/);
    const refused = await post(running.base, { body: deliveryBody('dr.success', 'n-1') });
    expect(refused.status).toBe(401);
    const big = await fetch(`${running.base}/`, { method: 'POST', headers: { 'x-webhook-event': 'dr.success', 'content-type': 'application/json' }, body: 'x'.repeat(2 * 1024 * 1024) }).catch(() => undefined);
    if (big) expect(big.status).toBe(413);
    const { code, stderr } = await running.stop();
    expect(code).toBe(0);
    expect(stderr).toMatch(/401 NO_SECRET/);
  });

  it('uses the profile\'s webhook secret (stored masked), and --secret over it', async () => {
    const add = await runCli(['profile', 'add', 'hooks', '--provider', 'sepsms', '--sandbox', '--webhook-secret'], { configDir: tmp.dir, env: { SMSCTL_WEBHOOK_SECRET: SECRET } });
    expect(add.code).toBe(0);
    const show = await runCli(['profile', 'show', 'hooks', '--json'], { configDir: tmp.dir });
    expect(JSON.parse(show.stdout).webhookSecret).toMatch(/^whsec_listen_test_.*…|•/);
    expect(show.stdout).not.toContain(SECRET);
    running = await listen(['--json'], { SMSCTL_PROFILE: 'hooks' });
    expect(running.cli.stderr()).toMatch(/verified with the secret from profile hooks/);
    expect((await post(running.base, { body: deliveryBody('dr.success', 'p-1') })).status).toBe(200);
    await running.stop();
    running = await listen(['--secret', 'whsec_flag'], { SMSCTL_PROFILE: 'hooks' });
    expect((await post(running.base, { body: deliveryBody('dr.success', 'p-2') })).status).toBe(401);
    expect((await post(running.base, { body: deliveryBody('dr.success', 'p-3'), secret: 'whsec_flag' })).status).toBe(200);
  });

  it('a port in use is exit 2 naming it; a plain-http forward target off this machine is exit 2', async () => {
    const busy = await listen([]);
    const port = new URL(busy.base).port;
    const r = await runCli(['webhook', 'listen', '--port', port], { configDir: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`smsctl: error: --port ${port}: already in use on 127.0.0.1; pick another port, or --port 0 for a free one\n`);
    await busy.stop();
    const insecure = await runCli(['webhook', 'listen', '--forward-to', 'http://example.com/hooks'], { configDir: tmp.dir });
    expect(insecure.code).toBe(2);
    expect(insecure.stderr).toMatch(/--forward-to: plain http:\/\/ is refused for example\.com/);
  });
});
