/**
 * The sandbox commands and a provider's failure, in Thai (issue 16): what a person reads is
 * Thai, times are Thai-style (Buddhist Era, Thai month names, Bangkok), and what a script reads
 * (exit codes, --json apart from `message`) is the same as in English.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';
import { waitFor } from '../helpers/wait.js';

const tmp = tempConfigDir();
afterAll(() => tmp.cleanup());

const th = { SMSCTL_LANG: 'th' };
const cli = (args: string[], env: Record<string, string> = {}) => run(args, { configDir: tmp.dir, env });

/** A --json document with its free-text `message` fields taken out. */
function withoutMessages(json: string): unknown {
  return JSON.parse(json, (key, value) => (key === 'message' ? undefined : value));
}

describe('a provider failure in Thai', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(() => sandbox.close());

  const wrongKey = () => ({ SMSCTL_PROVIDER: 'mesms', SMSCTL_BASE_URL: sandbox.info.providers.mesms.baseUrl, SMSCTL_API_KEY: 'me_wrong_0123456789abcdef' });

  it('a 401: the same exit code, a Thai sentence with the provider message as it sent it', async () => {
    const en = await cli(['balance'], wrongKey());
    const thai = await cli(['balance'], { ...wrongKey(), ...th });
    expect(en.code).toBe(4);
    expect(thai.code).toBe(en.code);
    expect(en.stderr).toMatch(/^smsctl: error: ME-SMS did not accept the credentials \(HTTP 401/);
    expect(thai.stderr).toMatch(/^smsctl: ผิดพลาด: ME-SMS ไม่ยอมรับข้อมูลยืนยันตัวตน \(HTTP 401[^)]*\)/);
    expect(thai.stderr).toContain('— ตรวจ API key ของโปรไฟล์ (คีย์มาจาก SMSCTL_API_KEY / SMSCTL_API_SECRET)');
    expect(thai.stderr).not.toContain('me_wrong_0123456789abcdef');
  });

  it('--json: the same envelope, code PROVIDER_AUTH_FAILED, only `message` differs', async () => {
    const en = await cli(['balance', '--json'], wrongKey());
    const thai = await cli(['balance', '--json'], { ...wrongKey(), ...th });
    expect(thai.code).toBe(en.code);
    expect(JSON.parse(en.stdout).error).toMatchObject({ code: 'PROVIDER_AUTH_FAILED', kind: 'auth', status: 401 });
    expect(JSON.parse(thai.stdout).error.message).toMatch(/ไม่ยอมรับข้อมูลยืนยันตัวตน/);
    expect(withoutMessages(thai.stdout)).toEqual(withoutMessages(en.stdout));
  });

  it('no sandbox at --url: Thai, same exit code and code', async () => {
    const port = await closedPort();
    const args = ['sandbox', 'inbox', '--url', `http://127.0.0.1:${port}`, '--json'];
    const en = await cli(args);
    const thai = await cli(args, th);
    expect(thai.code).toBe(en.code);
    expect(JSON.parse(thai.stdout).error).toMatchObject({ code: 'NETWORK_UNREACHABLE' });
    expect(thai.stderr).toContain(`ไม่มีแซนด์บ็อกซ์ตอบที่ http://127.0.0.1:${port}`);
    expect(withoutMessages(thai.stdout)).toEqual(withoutMessages(en.stdout));
  });
});

describe('sandbox inbox and sandbox webhooks in Thai', () => {
  beforeAll(async () => {
    const sent = await cli(['--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'สวัสดี from the sandbox', '--yes']);
    expect(sent.code, sent.stderr).toBe(0);
    // Delivered 1.5 s after it was sent: only then is it in the inbox.
    await waitFor(async () => JSON.parse((await cli(['sandbox', 'inbox', '--json'])).stdout).messages.length === 1, { timeoutMs: 15_000, intervalMs: 200, what: 'the message in the inbox' });
  });

  it('prints the message with a Thai time (Buddhist Era year, Thai month, Bangkok)', async () => {
    const en = await cli(['sandbox', 'inbox']);
    const thai = await cli(['sandbox', 'inbox'], th);
    expect(en.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+07:00 {2}66812345678 {2}\[ME-SMS SMSCTL\] {2}สวัสดี from the sandbox\n$/);
    const at = new Date(JSON.parse((await cli(['sandbox', 'inbox', '--json'])).stdout).messages[0].at as string);
    const year = new Date(at.getTime() + 7 * 3_600_000).getUTCFullYear() + 543;
    expect(thai.stdout).toMatch(new RegExp(`^\\d{1,2} [ก-๙.]+ ${year} \\d\\d:\\d\\d น\\. {2}66812345678 {2}\\[ME-SMS SMSCTL\\] {2}สวัสดี from the sandbox\\n$`));
  });

  it('--json is byte-identical in both languages', async () => {
    const en = await cli(['sandbox', 'inbox', '--json']);
    const thai = await cli(['sandbox', 'inbox', '--json'], th);
    expect(thai.code).toBe(0);
    expect(thai.stdout).toBe(en.stdout);
  });

  it('an empty inbox says so in Thai', async () => {
    const r = await cli(['sandbox', 'inbox', '--msisdn', '0899999999'], th);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('กล่องข้อความว่าง\n');
  });

  it('webhooks add and list in Thai, --json the same as in English apart from the new secret', async () => {
    const add = await cli(['sandbox', 'webhooks', 'add', 'http://127.0.0.1:4000/', '--secret', 'whsec_thai_test_secret'], th);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toMatch(/^ลงทะเบียน wh_\S+ บน แซนด์บ็อกซ์ในตัว แล้ว: ทุกเหตุการณ์ → http:\/\/127\.0\.0\.1:4000\/\n/);
    expect(add.stdout).toBe('คีย์ลับสำหรับลงลายเซ็น: whsec_thai_test_secret\n');
    const list = await cli(['sandbox', 'webhooks', 'list'], th);
    const [head, row] = list.stdout.split('\n');
    expect(head).toMatch(/^รหัส +URL +เหตุการณ์ +คีย์ลับ +ลงทะเบียนเมื่อ$/);
    expect(row).toMatch(/^wh_\S+ +http:\/\/127\.0\.0\.1:4000\/ +ทุกเหตุการณ์ +\S+ +\d{1,2} [ก-๙.]+ 25\d\d \d\d:\d\d น\.$/);
    const en = await cli(['sandbox', 'webhooks', 'list', '--json']);
    const thai = await cli(['sandbox', 'webhooks', 'list', '--json'], th);
    expect(thai.stdout).toBe(en.stdout);
    const missing = ['sandbox', 'webhooks', 'remove', 'http://127.0.0.1:9/', '--json'];
    const [enGone, thGone] = [await cli(missing), await cli(missing, th)];
    expect(thGone.code).toBe(enGone.code);
    expect(JSON.parse(thGone.stdout).error.message).toBe('ไม่พบ webhook ที่มีรหัสหรือ URL "http://127.0.0.1:9/" บน แซนด์บ็อกซ์ในตัว (ดูได้ที่: smsctl sandbox webhooks list)');
    expect(withoutMessages(thGone.stdout)).toEqual(withoutMessages(enGone.stdout));
  });
});

/** A port nothing listens on (just closed). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
