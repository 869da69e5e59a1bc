/**
 * The OTP and webhook commands in Thai (issue 16), in-process against a sandbox and a listener
 * this test owns: a wrong code and a bad signature read in Thai, with the exit codes and error
 * codes of English; `--json` (and the listener's HTTP answers, a contract with the sender) the
 * same in both languages apart from the free-text `message`.
 */
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { runWebhookVerify } from '../../src/commands/webhook/verify.js';
import { SmsctlError } from '../../src/errors.js';
import { useLanguage, type Lang } from '../../src/i18n/index.js';
import { tempConfigDir } from '../helpers/cli.js';
import { fakeContext, run } from '../helpers/context.js';
import { waitFor } from '../helpers/wait.js';
import type { RunningSandbox } from '../../src/sandbox/index.js';
import { sandbox } from '../sandbox/helpers.js';

let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => (tmp = tempConfigDir()));
afterEach(async () => {
  await useLanguage('en');
  tmp.cleanup();
});

/** "2 ธ.ค. 2569 10:05 น.": a time as a Thai reader reads it (Buddhist Era year). */
const THAI_TIME = /\d{1,2} [\u0E00-\u0E7F.]+ 25\d\d \d\d:\d\d น\./;
const lang = (l: Lang) => ({ SMSCTL_LANG: l });

/** The document with every free-text `message` taken out: what must not change with the language. */
function withoutMessages(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMessages);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'message').map(([k, v]) => [k, withoutMessages(v)]));
  }
  return value;
}

describe('otp in Thai', () => {
  async function setUp(): Promise<RunningSandbox> {
    const s = await sandbox();
    const added = await run(['profile', 'add', 'dev', '--provider', 'sepsms', '--sandbox', '--base-url', s.url, '--sender', 'SHOP'], { configDir: tmp.dir });
    expect(added.code, added.stderr).toBe(0);
    return s;
  }
  const cli = (args: string[], l: Lang) => run(['--profile', 'dev', 'otp', ...args], { configDir: tmp.dir, env: lang(l) });

  it('otp send: the reference alone on stdout, the rest in Thai on stderr', async () => {
    await setUp();
    const sent = await cli(['send', '0812345678'], 'th');
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/^\w+\n$/);
    const reference = sent.stdout.trim();
    expect(sent.stderr).toMatch(new RegExp(`^ส่งรหัสไปที่ 66812345678 แล้ว {2}รหัสอ้างอิง ${reference} {2}หมดอายุ ${THAI_TIME.source} \\(อีก 5:00\\)\n`));
    expect(sent.stderr).toContain(`ยืนยันรหัสด้วย: smsctl --profile dev otp verify ${reference} CODE`);
  });

  it('otp verify, a wrong code: the reason in Thai, exit 10; --json as in English apart from message', async () => {
    const s = await setUp();
    const reference = (await cli(['send', '0812345678'], 'en')).stdout.trim();
    const { messages } = (await (await fetch(`${s.url}/__sandbox/inbox?msisdn=0812345678`)).json()) as { messages: { text: string }[] };
    const code = /code is (\d{4,8})/.exec(messages.at(-1)!.text)![1]!;
    const wrong = code === '000000' ? '111111' : '000000';

    const th = await cli(['verify', reference, wrong], 'th');
    expect(th.code).toBe(10);
    expect(th.stdout).toBe('');
    expect(th.stderr).toBe('smsctl: ผิดพลาด: ยืนยันไม่ผ่าน: รหัสไม่ถูกต้อง (ลองได้อีก 4 ครั้ง ก่อนรหัสนี้จะใช้ไม่ได้)\n');

    // Each wrong code counts, so the attempts left (in the message only) go down between the two.
    const en = await cli(['verify', reference, wrong, '--json'], 'en');
    const thJson = await cli(['verify', reference, wrong, '--json'], 'th');
    expect([en.code, thJson.code]).toEqual([10, 10]);
    type Answer = { reason: string; error: { code: string; message: string } };
    const a = JSON.parse(en.stdout) as Answer;
    const b = JSON.parse(thJson.stdout) as Answer;
    expect(a).toMatchObject({ ok: false, reference, verified: false, reason: 'wrong', error: { kind: 'otp_not_verified', code: 'OTP_NOT_VERIFIED' } });
    expect(withoutMessages(b)).toEqual(withoutMessages(a));
    expect(a.error.message).toBe('not verified: the code is wrong (3 more tries before this code stops working)');
    expect(b.error.message).toBe('ยืนยันไม่ผ่าน: รหัสไม่ถูกต้อง (ลองได้อีก 2 ครั้ง ก่อนรหัสนี้จะใช้ไม่ได้)');
  });

  it('usage errors and --help in Thai, with the exit codes of English', async () => {
    const none = await run(['otp', 'verify'], { configDir: tmp.dir, env: lang('th') });
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('smsctl: ผิดพลาด: otp verify ต้องระบุ REFERENCE ที่ `otp send` พิมพ์ออกมา: smsctl otp verify REFERENCE CODE\n');
    const help = await run(['otp', 'test', '--help'], { configDir: tmp.dir, env: lang('th') });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('ทดสอบ OTP ครบทุกขั้นตอนที่เทอร์มินัล');
    expect(help.stdout).toContain('จำนวนครั้งที่พิมพ์รหัสของ OTP หนึ่งชุดได้');
  });
});

const SECRET = 'whsec_thai_test_0123456789';
const BODY = JSON.stringify({ event: 'dr.success', createdAt: '2026-12-01T10:00:00+07:00', txId: 'tx-th-1', smsUuid: '9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73', msisdn: '66812345678', status: 'success' });
const hmac = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('webhook verify in Thai', () => {
  const verifyArgs = (signature: string) => ['webhook', 'verify', '--signature', signature, '--body-file', join(tmp.dir, 'body.json')];
  beforeEach(() => writeFileSync(join(tmp.dir, 'body.json'), BODY));
  const env = (l: Lang) => ({ ...lang(l), SMSCTL_WEBHOOK_SECRET: SECRET });

  it('a signature made with another secret: the reason in Thai, exit 3 as in English', async () => {
    const t = nowSeconds();
    const signature = `t=${t},v1=${hmac('whsec_other', t, BODY)}`;
    const th = await run(verifyArgs(signature), { configDir: tmp.dir, env: env('th') });
    const en = await run(verifyArgs(signature), { configDir: tmp.dir, env: env('en') });
    expect([th.code, en.code]).toEqual([3, 3]);
    expect(th.stderr).toBe('smsctl: ผิดพลาด: ลายเซ็นไม่ถูกต้อง: v1 ไม่ตรงกัน (ค่าเดียวที่ให้มา): คีย์ลับไม่ใช่ตัวเดียวกัน หรือ body ถูกแก้ระหว่างทาง\n');
    expect(en.stderr).toBe('smsctl: error: not valid: no v1 matches (the one given): a different secret, or a body changed on the way\n');
  });

  it.each([
    ['another secret', (t: number) => `t=${t},v1=${hmac('whsec_other', t, BODY)}`, 'NO_MATCHING_SIGNATURE', /^ลายเซ็นไม่ถูกต้อง: v1 ไม่ตรงกัน/],
    ['no t=', (t: number) => `v1=${hmac(SECRET, t, BODY)}`, 'MALFORMED_SIGNATURE', /^ลายเซ็นไม่ถูกต้อง: X-Webhook-Signature ผิดรูปแบบ: ไม่มี t=$/],
    ['stale', (t: number) => `t=${t - 600},v1=${hmac(SECRET, t - 600, BODY)}`, 'STALE_TIMESTAMP', /^ลายเซ็นไม่ถูกต้อง: เก่าเกินไป: เซ็นไว้เมื่อ 6\d\d วินาทีที่แล้ว เกินที่ยอมได้ 300 วินาที/],
  ])('%s: the same error (kind, code, exit code) in both languages, the message in Thai', async (_what, make, code, thai) => {
    const errorIn = async (l: Lang): Promise<SmsctlError> => {
      await useLanguage(l);
      const io = fakeContext({ configDir: tmp.dir, env: env(l) });
      const error = await runWebhookVerify({ signature: make(nowSeconds()), bodyFile: join(tmp.dir, 'body.json'), tolerance: 300 }, io.ctx).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SmsctlError);
      return error as SmsctlError;
    };
    const [en, th] = [await errorIn('en'), await errorIn('th')];
    expect(th.exitCode).toBe(3);
    expect(th.code).toBe(code);
    expect(withoutMessages(th.toJSON())).toEqual(withoutMessages(en.toJSON()));
    expect(th.message).toMatch(thai);
    expect(en.message).toMatch(/^not valid: /);
  });

  it('valid: the signing time in Thai', async () => {
    const t = nowSeconds();
    const r = await run(verifyArgs(`t=${t},v1=${hmac(SECRET, t, BODY)}`), { configDir: tmp.dir, env: env('th') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^ลายเซ็นถูกต้อง: v1 ตรงกัน \\(คีย์ลับจาก SMSCTL_WEBHOOK_SECRET\\) เซ็นเมื่อ ${THAI_TIME.source} \\(\\d+ วินาทีที่แล้ว\\)\n$`));
  });
});

describe('webhook listen in Thai', () => {
  /** Listens in-process until the returned stop() (Ctrl-C); posts one valid and one forged delivery. */
  async function session(l: Lang, json: boolean) {
    const stop = new AbortController();
    const io = fakeContext({ configDir: tmp.dir, env: { ...lang(l), SMSCTL_WEBHOOK_SECRET: SECRET }, signal: stop.signal });
    const exited = runCli(['webhook', 'listen', '--port', '0', ...(json ? ['--json'] : [])], io.ctx);
    const base = await waitFor(() => /(http:\/\/127\.0\.0\.1:\d+)\//.exec(io.stderr())?.[1], { what: `the listening line in: ${io.stderr()}` });
    const post = async (secret: string) => {
      const t = nowSeconds();
      const res = await fetch(`${base}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-webhook-event': 'dr.success', 'x-webhook-timestamp': String(t), 'x-webhook-signature': `t=${t},v1=${hmac(secret, t, BODY)}` },
        body: BODY,
      });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    const valid = await post(SECRET);
    const forged = await post('whsec_forged');
    await waitFor(() => io.stderr().includes('NO_MATCHING_SIGNATURE') || undefined, { what: 'the rejection line' });
    stop.abort();
    const code = await exited;
    return { code, valid, forged, stdout: io.stdout(), stderr: io.stderr() };
  }

  it('lines, banner and tally in Thai, the time as Thai readers read it; the sender is still answered in English', async () => {
    const r = await session('th', false);
    expect(r.code, r.stderr).toBe(0);
    expect(r.valid.status).toBe(200);
    expect(r.forged).toEqual({
      status: 401,
      body: { ok: false, error: { code: 'NO_MATCHING_SIGNATURE', message: 'no v1 matches (the one given): a different secret, or a body changed on the way' } },
    });
    // createdAt 2026-12-01T10:00:00+07:00, in the Buddhist Era.
    expect(r.stdout).toBe('1 ธ.ค. 2569 10:00 น.  dr.success       66812345678  success  sms 9f8b2c1e-4d3…  tx tx-th-1  ลายเซ็นถูกต้อง\n');
    expect(r.stderr).toMatch(/^รอรับอยู่ที่ http:\/\/127\.0\.0\.1:\d+\/ {2}\(กด Ctrl-C เพื่อหยุด\)\n {2}webhook ของ SEPSMS: ตรวจลายเซ็นด้วยคีย์ลับจาก SMSCTL_WEBHOOK_SECRET/);
    expect(r.stderr).toMatch(/ปฏิเสธ POST \/ จาก [\d.:a-f]+: 401 NO_MATCHING_SIGNATURE: v1 ไม่ตรงกัน \(ค่าเดียวที่ให้มา\)/);
    expect(r.stderr).toContain('หยุดแล้ว: ได้รับ 2 รายการ ยืนยันลายเซ็นแล้ว 1 รายการ callback 0 รายการ ปฏิเสธ 1 รายการ ซ้ำ 0 รายการ\n');
    expect(r.stdout + r.stderr).not.toMatch(/Listening|Stopped|rejected|verified\b/);
  });

  it('--json: the event lines, the summary and the HTTP answers are the same in English and Thai', async () => {
    const en = await session('en', true);
    const th = await session('th', true);
    expect([en.code, th.code]).toEqual([0, 0]);
    expect(th.stdout).toBe(en.stdout);
    expect(th.forged).toEqual(en.forged);
    expect(th.valid).toEqual(en.valid);
    expect(JSON.parse(th.stdout.trim().split('\n').at(-1)!)).toEqual({ ok: true, received: 2, verified: 1, callbacks: 0, rejected: 1, duplicates: 0, forwarded: 0, forwardFailed: 0 });
  });
});
