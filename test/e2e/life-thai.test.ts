/**
 * What happens after a send, in Thai (issue 16): runs list and show, status, cancel's question,
 * messages and senders on the built-in sandbox (ME-SMS) with SMSCTL_LANG=th. Their --json is
 * the same bytes as in English apart from an error's `message`, and a CSV export is the same
 * file in both languages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';
import { displayWidth } from '../../src/cli/width.js';

const TH = { SMSCTL_LANG: 'th' };
/** A Bangkok time as a Thai reader reads it: "2 ธ.ค. 2569 12:40 น." (Buddhist Era year). */
const THAI_TIME = String.raw`\d{1,2} [ก-๙.]+ 25\d\d \d\d:\d\d น\.`;

let tmp: ReturnType<typeof tempConfigDir>;
let runId: string;
let reference: string;
const sh = (args: string[], opts: { env?: NodeJS.ProcessEnv; tty?: boolean; answers?: boolean[] } = {}) => run(['--profile', 'sandbox', ...args], { configDir: tmp.dir, ...opts });

/** The terminal column each field of an aligned line starts at (fields apart by two spaces or more). */
function columns(line: string): number[] {
  const out: number[] = [];
  let at = 0;
  for (const part of line.split(/( {2,})/)) {
    if (part !== '' && !part.startsWith('  ')) out.push(at);
    at += displayWidth(part);
  }
  return out;
}

/** The --json output with an error's free-text message blanked: all that may differ between languages. */
function contract(stdout: string): string {
  const doc = JSON.parse(stdout) as { error?: { message?: string } };
  return doc.error?.message === undefined ? stdout : stdout.replace(JSON.stringify(doc.error.message), '"…"');
}

/** The same command's --json in English and in Thai. */
async function sameJson(args: string[]): Promise<Record<string, any>> {
  const en = await sh([...args, '--json']);
  const th = await sh([...args, '--json'], { env: TH });
  expect(th.code).toBe(en.code);
  expect(contract(th.stdout)).toBe(contract(en.stdout));
  return JSON.parse(en.stdout) as Record<string, any>;
}

async function scheduled(): Promise<string> {
  const later = new Date(Date.now() + 3600_000).toISOString();
  const r = await sh(['send', '--to', '0812345678', '-m', 'later', '--schedule', later, '--yes', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { references: string[] }).references[0]!;
}

beforeAll(async () => {
  tmp = tempConfigDir();
  const send = await sh(['send', '--to', '0812345678,0800000001', '-m', 'สวัสดี from the sandbox', '--yes', '--json']);
  expect(send.code, send.stderr).toBe(0);
  const doc = JSON.parse(send.stdout) as { runId: string; references: string[] };
  runId = doc.runId;
  reference = doc.references[0]!;
  // Delivered once the sandbox's delay has passed: watch it to the end once, in English.
  const watched = await sh(['status', '--watch', '--json']);
  expect(watched.code, watched.stderr).toBe(0);
});
afterAll(() => tmp.cleanup());

describe('runs, in Thai', () => {
  it('runs list: Thai headers, the run state in Thai, a Buddhist Era time; --json unchanged', async () => {
    const r = await sh(['runs', 'list'], { env: TH });
    expect(r.code, r.stderr).toBe(0);
    const [head, row] = r.stdout.split('\n');
    expect(head).toMatch(/^รอบการส่ง +สถานะ +สร้างเมื่อ +โปรไฟล์ +ผู้ให้บริการ +ส่งแล้ว +ล้มเหลว +ไม่ทราบผล +ยังไม่ได้ส่ง$/);
    expect(row).toMatch(new RegExp(`^${runId} +ครบแล้ว +${THAI_TIME} +sandbox +mesms +2 +0 +0 +0$`));
    const doc = await sameJson(['runs', 'list']);
    expect(doc.runs[0]).toMatchObject({ id: runId, status: 'complete' });
  });

  it('runs show: Thai labels aligned, counts in Thai; --json unchanged', async () => {
    const r = await sh(['runs', 'show', runId], { env: TH });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^รอบการส่ง +${runId} \\(ครบแล้ว\\)$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^สร้างเมื่อ +${THAI_TIME}$`, 'm'));
    expect(r.stdout).toMatch(/^โปรไฟล์ +sandbox \(mesms แซนด์บ็อกซ์\)$/m);
    expect(r.stdout).toMatch(/^ข้อมูลต้นทาง +--to: 2 แถว ผู้รับ 2 ราย ไม่ถูกต้อง 0 ซ้ำ 0$/m);
    expect(r.stdout).toMatch(/^ส่งแล้ว +ผู้รับ 2 ราย ใน 1 คำขอ$/m);
    expect(r.stdout).toMatch(/^ยังไม่ได้ส่ง +ผู้รับ 0 ราย ใน 0 คำขอ$/m);
    // Every value starts at the same column, as in English: padded by what the labels show, not their length.
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    for (const line of lines) expect(columns(line).slice(0, 2), line).toEqual([0, 14]);
    await sameJson(['runs', 'show', runId]);
  });

  it('runs show of something that is not a run id: the error in Thai, the JSON code unchanged', async () => {
    const r = await sh(['runs', 'show', 'nope'], { env: TH });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope: ไม่ใช่รหัสรอบการส่ง');
    expect((await sameJson(['runs', 'show', 'nope'])).error.code).toBe('BAD_ARGUMENT');
  });
});

describe('status, in Thai', () => {
  it('the head line, Thai status words and headers; --json unchanged', async () => {
    const r = await sh(['status', runId], { env: TH });
    expect(r.code, r.stderr).toBe(0);
    const [head, ...table] = r.stdout.trimEnd().split('\n');
    expect(head).toBe(`รอบการส่ง ${runId} — ME-SMS ผู้รับ 2 ราย ใน 1 ข้อความ`);
    expect(table.map((l) => l.split(/ {2,}/))).toEqual([['สถานะ', 'ผู้รับ'], ['ถึงผู้รับแล้ว', '1'], ['ล้มเหลว', '1']]);
    expect(new Set(table.map((l) => columns(l)[1])).size).toBe(1);
    const doc = await sameJson(['status', runId]);
    expect(doc.summary).toEqual({ success: 1, failed: 1 });
  });

  it('--watch on a pipe: a Thai line per change, with a Buddhist Era time', async () => {
    const r = await sh(['status', runId, '--watch'], { env: TH });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^${THAI_TIME}  ถึงผู้รับแล้ว 1 ล้มเหลว 1 \\(มีสถานะสุดท้ายแล้ว 2 จาก 2\\)\\n$`));
    await sameJson(['status', runId, '--watch']);
  });

  it('a scheduled message: its time in the Buddhist Era, --watch gives up at once with a Thai sentence', async () => {
    const ref = await scheduled();
    const r = await sh(['status', ref], { env: TH });
    expect(r.stdout).toMatch(new RegExp(`^ตั้งเวลาส่งไว้ +1$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^ตั้งเวลาส่งไว้ ${THAI_TIME}$`, 'm'));
    const watch = await sh(['status', ref, '--watch', '--timeout', '1'], { env: TH });
    expect(watch.code).toBe(9);
    expect(watch.stderr).toMatch(new RegExp(`นัดส่ง ${THAI_TIME} ซึ่งเลย --timeout 1 วินาทีไปแล้ว`));
    const doc = await sameJson(['status', ref, '--watch', '--timeout', '1']);
    expect(doc.error.code).toBe('STILL_SCHEDULED');
  });
});

describe('cancel, in Thai', () => {
  it('shows the message in Thai, asks in Thai (the fake prompter gets the Thai question), "no" is a Thai sentence', async () => {
    const ref = await scheduled();
    const no = await sh(['cancel', ref], { env: TH, tty: true, answers: [false] });
    expect(no.prompts).toEqual([`ยกเลิกข้อความที่ตั้งเวลาส่งไว้ ${ref} (ME-SMS) เลยไหม?`]);
    expect(no.code).toBe(2);
    expect(no.stderr).toMatch(new RegExp(`^ข้อความที่ตั้งเวลาส่งไว้ ${ref} \\(ME\\d+\\):\\n {2}ชื่อผู้ส่ง +SMSCTL\\n {2}นัดส่ง +${THAI_TIME}\\n {2}ส่งถึง +ผู้รับ 1 ราย\\n {2}คืนเครดิต +1 เครดิต\\nไม่ได้ยกเลิกอะไร\\n$`));
    for (const line of no.stderr.split('\n').slice(1, 5)) expect(columns(line), line).toEqual([2, 14]);
    const yes = await sh(['cancel', ref], { env: TH, tty: true, answers: [true] });
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toBe(`ยกเลิก ${ref} แล้ว ได้คืน 1 เครดิต\n`);
    const again = await sh(['cancel', ref, '--yes'], { env: TH });
    expect([again.code, again.stderr]).toEqual([3, `smsctl: ผิดพลาด: ${ref} ถูกยกเลิกไปแล้ว ไม่ต้องทำอะไรอีก\n`]);
    expect((await sameJson(['cancel', ref, '--yes'])).error.code).toBe('ALREADY_CANCELLED');
  });

  it('--yes --json: the same document in both languages (two messages scheduled alike)', async () => {
    const later = new Date(Date.now() + 7200_000).toISOString();
    const refs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await sh(['send', '--to', '0812345678', '-m', 'later', '--schedule', later, '--yes', '--json']);
      refs.push((JSON.parse(r.stdout) as { references: string[] }).references[0]!);
    }
    const en = await sh(['cancel', refs[0]!, '--yes', '--json']);
    const th = await sh(['cancel', refs[1]!, '--yes', '--json'], { env: TH });
    expect(en.code, en.stderr).toBe(0);
    expect(th.stdout.replace(refs[1]!, 'REF')).toBe(en.stdout.replace(refs[0]!, 'REF'));
  });
});

describe('messages and senders, in Thai', () => {
  it('messages: Thai headers, status words and times, the count line; --json unchanged', async () => {
    const r = await sh(['messages', '--limit', '1'], { env: TH });
    expect(r.code, r.stderr).toBe(0);
    const [head, row] = r.stdout.split('\n');
    expect(head).toMatch(/^สร้างเมื่อ +รหัสอ้างอิง +สถานะ +ชื่อผู้ส่ง +ผู้รับ +ข้อความ$/);
    expect(row).toMatch(new RegExp(`^${THAI_TIME} +[0-9a-f-]{36} +ยกเลิกแล้ว +SMSCTL +1 +later$`));
    expect(r.stderr).toMatch(/^1 จาก \d+ ข้อความ \(ใช้ --limit N หรือ --all เพื่อดูเพิ่ม\)\n$/);
    const all = await sh(['messages', '--all'], { env: TH });
    expect(all.stdout).toMatch(new RegExp(`^${THAI_TIME} +${reference} +ส่งแล้ว +SMSCTL +2 +สวัสดี from the sandbox$`, 'm'));
    await sameJson(['messages', '--all']);
    const bad = await sh(['messages', '--status', 'done'], { env: TH });
    expect(bad.stderr).toContain('--status: ต้องเป็นค่าใดค่าหนึ่งใน sent, failed, pending, scheduled, cancelled แต่ได้ "done"');
  });

  it('senders: Thai headers and statuses, the summary in Thai; --json unchanged', async () => {
    const r = await sh(['senders'], { env: TH });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ชื่อผู้ส่ง +สถานะ\nSANDBOX +อนุมัติแล้ว\n/);
    expect(r.stdout).toMatch(/^PENDING +รออนุมัติ$/m);
    expect(r.stdout).toMatch(/^REJECTED +ไม่อนุมัติ$/m);
    expect(r.stderr).toMatch(/^ชื่อผู้ส่งบน ME-SMS 6 ชื่อ อนุมัติแล้ว 4 ชื่อ: ส่งได้เฉพาะชื่อที่อนุมัติแล้ว/m);
    const doc = await sameJson(['senders']);
    expect(doc.senders).toContainEqual({ name: 'PENDING', status: 'pending' });
  });
});

describe('recipients, in Thai', () => {
  it('CSV (piped, and --output) is the same bytes in both languages: headers and statuses are data', async () => {
    const en = await sh(['recipients', reference]);
    const th = await sh(['recipients', reference], { env: TH });
    expect(en.stdout).toBe('msisdn,status\n66812345678,success\n66800000001,failed\n');
    expect(th.stdout).toBe(en.stdout);
    const files = { en: join(tmp.dir, 'en.csv'), th: join(tmp.dir, 'th.csv') };
    expect((await sh(['recipients', runId, '--output', files.en])).code).toBe(0);
    const thFile = await sh(['recipients', runId, '--output', files.th], { env: TH });
    expect(thFile.stderr).toBe(`ส่งออกผู้รับ 2 รายไปที่ ${files.th} แล้ว\n`);
    expect(readFileSync(files.th, 'utf8')).toBe(readFileSync(files.en, 'utf8'));
    expect(readFileSync(files.th, 'utf8').split('\n')[0]).toBe('msisdn,status,reference');
    await sameJson(['recipients', reference]);
  });

  it('on a terminal the table is for reading: Thai headers and status words, aligned', async () => {
    const r = await sh(['recipients', runId], { env: TH, tty: true });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/ {2,}/))).toEqual([
      ['เบอร์โทร', 'สถานะ', 'รหัสอ้างอิง'],
      ['66812345678', 'ถึงผู้รับแล้ว', reference],
      ['66800000001', 'ล้มเหลว', reference],
    ]);
    for (const line of lines) expect(columns(line), line).toEqual(columns(lines[0]!));
  });
});
