/**
 * Input failures and the invalid rows' reasons in Thai (issue 16): the terminal reads Thai
 * with --lang th, while exit codes, --json (apart from `message`) and the per-row report stay
 * what they are in English. In-process against a sandbox on 127.0.0.1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';

let sandbox: RunningSandbox;
let tmp: ReturnType<typeof tempConfigDir>;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  tmp = tempConfigDir();
  await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
});
afterEach(() => tmp.cleanup());

const env = (provider: 'mesms' | 'thaibulksms' = 'mesms') => {
  const p = sandbox.info.providers;
  return provider === 'mesms'
    ? { SMSCTL_PROVIDER: 'mesms', SMSCTL_BASE_URL: p.mesms.baseUrl, SMSCTL_API_KEY: p.mesms.apiKey, SMSCTL_SENDER: 'SHOP' }
    : { SMSCTL_PROVIDER: 'thaibulksms', SMSCTL_BASE_URL: p.thaibulksms.baseUrl, SMSCTL_API_KEY: p.thaibulksms.apiKey, SMSCTL_API_SECRET: p.thaibulksms.apiSecret };
};
const file = (name: string, text: string) => {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  return path;
};
const inBoth = async (args: string[], provider?: 'mesms' | 'thaibulksms') => {
  const en = await run(args, { configDir: tmp.dir, env: env(provider) });
  const th = await run([...args, '--lang', 'th'], { configDir: tmp.dir, env: env(provider) });
  return { en, th };
};

/** A --json document with every free-text `message` taken out: what must not change with the language. */
function withoutMessages(stdout: string): unknown {
  return JSON.parse(stdout, (key, value: unknown) => (key === 'message' ? undefined : value));
}

describe('input errors in Thai', () => {
  it('a header with no phone column: the Thai error names the columns and the flag; exit 3 in both', async () => {
    const csv = file('people.csv', 'name,city\nAnn,Bangkok\n');
    const { en, th } = await inBoth(['send', '--csv', csv, '-m', 'hi', '--dry-run']);
    expect(en.code).toBe(3);
    expect(th.code).toBe(3);
    expect(en.stderr).toContain('no phone number column found; columns: "name", "city". Pass --phone-column NAME');
    expect(th.stderr).toContain('smsctl: ผิดพลาด: ไม่พบคอลัมน์เบอร์โทร คอลัมน์ที่มี: "name", "city" ระบุด้วย --phone-column NAME');
  });

  it('a 0-byte file: the Thai error asks for a header row; exit 3 in both', async () => {
    const csv = file('empty.csv', '');
    const { en, th } = await inBoth(['send', '--csv', csv, '-m', 'hi', '--dry-run']);
    expect([en.code, th.code]).toEqual([3, 3]);
    expect(en.stderr).toContain(`${csv} is empty: expected a header row with column names (e.g. name,phone)`);
    expect(th.stderr).toContain(`${csv} ว่างเปล่า ต้องมีแถวหัวคอลัมน์ที่บอกชื่อคอลัมน์ (เช่น name,phone)`);
  });

  it.each([
    ['no phone column', 'name,city\nAnn,Bangkok\n', [], 'PHONE_COLUMN_NOT_FOUND'],
    ['a 0-byte file', '', [], 'CSV_EMPTY'],
    ['a placeholder with no column', 'phone\n0811111111\n', ['-m', 'Hi {{name}}'], 'TEMPLATE_UNKNOWN_PLACEHOLDER'],
    ['a bad --schedule', 'phone\n0811111111\n', ['--schedule', 'tomorrow'], 'INVALID_SCHEDULE'],
  ])('%s: --json is the same in both languages apart from the message', async (_label, text, extra, code) => {
    const csv = file('in.csv', text);
    const args = ['send', '--csv', csv, ...(extra.length && extra[0] === '-m' ? extra : ['-m', 'hi', ...extra]), '--dry-run', '--json'];
    const { en, th } = await inBoth(args);
    expect([en.code, th.code]).toEqual([3, 3]);
    expect(JSON.parse(en.stdout).error.code).toBe(code);
    expect(withoutMessages(th.stdout)).toEqual(withoutMessages(en.stdout));
    expect(JSON.parse(th.stdout).error.message).toMatch(/[\u0E00-\u0E7F]/);
  });

  it('a Buddhist Era --schedule reads the same in either language: BE 2570 is 2027', async () => {
    // A month or so ahead of today, within every provider's limit, in BE.
    const at = new Date(Date.now() + 40 * 86_400_000 + 7 * 3_600_000);
    const ce = `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}-${String(at.getUTCDate()).padStart(2, '0')}`;
    const be = `${at.getUTCFullYear() + 543}${ce.slice(4)}`;
    const args = ['send', '--to', '0811111111', '-m', 'hi', '--schedule', `${be} 10:00`, '--dry-run', '--json'];
    const { en, th } = await inBoth(args, 'thaibulksms');
    expect([en.code, th.code]).toEqual([0, 0]);
    expect(JSON.parse(en.stdout).scheduledAt).toBe(`${ce}T10:00:00+07:00`);
    expect(th.stdout).toBe(en.stdout);
  });
});

describe('invalid rows: Thai at the terminal, English in --json and the report', () => {
  const ragged = 'phone,name\n0811111111,Ann\n0822222222\n0833333333,\n021234567,Cat\n0601234567,Dee\n';

  it('the ragged row, the empty field and the bad numbers show their reasons in Thai', async () => {
    const csv = file('ragged.csv', ragged);
    const th = await run(['send', '--csv', csv, '-m', 'Hello {{name}}', '--dry-run', '--lang', 'th'], { configDir: tmp.dir, env: env() });
    expect(th.code).toBe(0);
    const out = th.stdout + th.stderr;
    expect(out).toContain(`${csv} แถว 3: "0822222222" — ไม่มีช่อง {{name}} แถวนี้มีเพียง 1 ช่อง (น้อยกว่าหัวคอลัมน์)`);
    expect(out).toContain(`${csv} แถว 4: "0833333333" — {{name}} ว่าง (ใช้ --allow-empty เพื่อส่งแถวแบบนี้)`);
    expect(out).toContain(`${csv} แถว 5: "021234567" — เป็นเบอร์โทรศัพท์บ้าน (รับ SMS ไม่ได้)`);
    expect(out).not.toContain('fewer than the header');
  });

  it('--json lists the same reasons, in English, whatever the language', async () => {
    const csv = file('ragged.csv', ragged);
    const { en, th } = await inBoth(['send', '--csv', csv, '-m', 'Hello {{name}}', '--dry-run', '--json']);
    expect([en.code, th.code]).toEqual([0, 0]);
    expect(th.stdout).toBe(en.stdout);
    expect(JSON.parse(th.stdout).recipients.invalidRows).toEqual([
      { row: 3, value: '0822222222', reason: 'no {{name}} field: the row has only 1 field (fewer than the header)' },
      { row: 4, value: '0833333333', reason: '{{name}} is empty (--allow-empty sends such rows)' },
      { row: 5, value: '021234567', reason: 'landline number (cannot receive SMS)' },
      { row: 6, value: '0601234567', reason: expect.stringMatching(/^(not a Thai mobile range|VoIP number) \(060…\)/) },
    ]);
  });

  it('the per-row report of a send in Thai keeps its English reasons', async () => {
    const csv = file('ragged.csv', ragged);
    const report = join(tmp.dir, 'report.csv');
    const r = await run(['send', '--csv', csv, '-m', 'Hello {{name}}', '--yes', '--report', report, '--lang', 'th'], { configDir: tmp.dir, env: env() });
    expect(r.code).toBe(0);
    const lines = readFileSync(report, 'utf8').split('\n');
    expect(lines[0]).toBe('row,phone,name,normalised_number,outcome,message_id,reason,run_id');
    expect(lines.find((l) => l.startsWith('3,'))).toContain(',invalid,,no {{name}} field: the row has only 1 field (fewer than the header),');
    expect(lines.find((l) => l.startsWith('5,'))).toContain(',invalid,,landline number (cannot receive SMS),');
  });
});

describe('preview-cost in Thai', () => {
  const people = 'name,phone\nAnn,0811111111\nBob,0822222222\nAnn again,0811111111\nDee,12345\n';

  it('prints its lines in Thai, with the reasons and figures of the English run', async () => {
    const csv = file('people.csv', people);
    const { en, th } = await inBoth(['preview-cost', '--csv', csv, '-m', 'Hi {{name}}']);
    expect([en.code, th.code]).toEqual([0, 0]);
    expect(en.stdout).toMatch(/^Cost preview — ME-SMS \(keys from the environment\): nothing sent, no credit used/);
    expect(th.stdout).toMatch(/^ประเมินค่าใช้จ่าย — ME-SMS \(คีย์จากตัวแปรสภาพแวดล้อม\): ยังไม่ได้ส่ง ไม่ได้ใช้เครดิต/);
    expect(th.stdout).toMatch(/\n {2}แถวที่อ่าน +4\n/);
    expect(th.stdout).toMatch(/\n {2}ผู้รับ +2\n/);
    expect(th.stdout).toMatch(/\n {2}ซ้ำ +1 \(ส่งครั้งเดียว\)\n/);
    expect(th.stdout).toContain('ผลประเมินของ ME-SMS เอง (2 คำขอ) ตรงกับ smsctl:');
    expect(th.stdout).toContain('แถวที่ใช้เครดิตมากที่สุด:');
    expect(th.stdout).toContain(`${csv} แถว 5: "12345" — สั้นเกินกว่าจะเป็นเบอร์มือถือไทย (5 หลัก)`);
    expect(th.stdout).not.toMatch(/Recipients|Credits|Costliest/);
  });

  it('--json is byte-identical in both languages: reasons and warnings in English', async () => {
    const csv = file('people.csv', people);
    const { en, th } = await inBoth(['preview-cost', '--csv', csv, '-m', 'Hi {{name}}', '--json'], 'thaibulksms');
    expect([en.code, th.code]).toEqual([0, 0]);
    expect(th.stdout).toBe(en.stdout);
    const doc = JSON.parse(en.stdout);
    expect(doc.providerPreview.reason).toBe("ThaiBulkSMS publishes no cost preview: these are smsctl's own figures");
    expect(doc.recipients.invalidRows[0].reason).toBe('too short for a Thai mobile number (5 digits)');
  });

  it('its warnings are Thai on stderr and English in --json', async () => {
    const csv = file('nobody.csv', 'phone\n12345\n');
    const { en, th } = await inBoth(['preview-cost', '--csv', csv, '-m', 'hi', '--json']);
    expect(th.stdout).toBe(en.stdout);
    expect(JSON.parse(th.stdout).warnings).toContain('no valid recipient: a send would send nothing');
    expect(en.stderr).toContain('warning: no valid recipient: a send would send nothing');
    expect(th.stderr).toContain('คำเตือน: ไม่มีผู้รับที่ถูกต้อง ถ้าส่งจะไม่มีข้อความออกไปเลย');
  });

  it('--help is in Thai', async () => {
    const th = await run(['preview-cost', '--help', '--lang', 'th'], { configDir: tmp.dir, env: env() });
    expect(th.stdout).toContain('ดูว่าการส่งจะใช้เท่าไร');
    expect(th.stdout).toContain('ไม่ใช้ไฟล์รายชื่อที่ขอไม่รับข้อความของโปรไฟล์');
  });
});
