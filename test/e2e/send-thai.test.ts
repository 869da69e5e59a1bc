/**
 * A send in Thai (issue 16): the summary, the confirmation, the result, the unfinished-run
 * question and the resume, and an interrupted send, read in Thai with SMSCTL_LANG=th, while
 * what scripts read stays the same in both languages: the --json of the same command is
 * byte-identical apart from its `message` fields (and, for two real sends, their run ids,
 * references and paths), and the --report CSV is identical.
 *
 * The schedule is shown in both calendars, in both languages, so a year typed in the wrong
 * one is seen before sending: "… +07:00 (Buddhist Era 2569)", "1 ธ.ค. 2569 10:00 น. (ค.ศ. 2026)".
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';
import { startTestServer } from '../helpers/http-server.js';

const CSV = join(ROOT, 'fixtures', 'contacts.csv');
const MESSAGE = 'สวัสดีคุณ{{name}} แล้วพบกันที่สาขา';
const TH = { SMSCTL_LANG: 'th', NO_COLOR: '1' };
const EN = { SMSCTL_LANG: 'en', NO_COLOR: '1' };

/** Thai short month names, written out here so the test does not lean on the code's own Intl call. */
const THAI_MONTHS = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];

/** 10:00 Bangkok time three weeks from now, as typed, and as each language shows it. */
function schedule() {
  const bangkok = new Date(Date.now() + 21 * 86_400_000 + 7 * 3_600_000);
  const [y, m, d] = [bangkok.getUTCFullYear(), bangkok.getUTCMonth() + 1, bangkok.getUTCDate()];
  const p = (n: number) => String(n).padStart(2, '0');
  return {
    typed: `${y}-${p(m)}-${p(d)} 10:00`,
    english: `${y}-${p(m)}-${p(d)} 10:00:00 +07:00 (Buddhist Era ${y + 543})`,
    thai: `${d} ${THAI_MONTHS[m - 1]} ${y + 543} 10:00 น. (ค.ศ. ${y})`,
  };
}

/** A summary row: the label, the padding to the value column, the value. */
const row = (label: string, value: string) => new RegExp(`^  ${label} +${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm');

let tmp: ReturnType<typeof tempConfigDir>;
let other: ReturnType<typeof tempConfigDir>;
beforeEach(() => {
  tmp = tempConfigDir();
  other = tempConfigDir();
});
afterEach(() => {
  tmp.cleanup();
  other.cleanup();
});

describe('send in Thai on the embedded sandbox', () => {
  it('a dry run: the Thai summary (counts, credits, the schedule in the Buddhist Era with a Thai month); --json byte-identical to English', async () => {
    const when = schedule();
    const args = ['--profile', 'sandbox', 'send', '--csv', CSV, '-m', MESSAGE, '--schedule', when.typed, '--dry-run'];
    const th = await run(args, { configDir: tmp.dir, env: TH });
    expect(th.code, th.stderr).toBe(0);
    expect(th.stderr).toMatch(/^คำเตือน: 3 เบอร์ มีแค่ 9 หลัก \(สเปรดชีตตัดเลข 0 นำหน้าทิ้ง\) จะส่งเป็น 0XXXXXXXXX$/m);
    expect(th.stderr).toMatch(/^สรุปการส่ง — ME-SMS แซนด์บ็อกซ์ \(โปรไฟล์ sandbox\)$/m);
    expect(th.stderr).toMatch(row('แถวที่อ่าน', '300'));
    expect(th.stderr).toMatch(row('ผู้รับ', '282'));
    expect(th.stderr).toMatch(row('ไม่ถูกต้อง', '8'));
    expect(th.stderr).toMatch(row('ซ้ำ', '10 (ส่งครั้งเดียว)'));
    expect(th.stderr).toMatch(row('ข้อความ', 'UCS-2 ยาว 1 ส่วน ข้อความเฉพาะคน 20 แบบ'));
    expect(th.stderr).toMatch(row('เครดิต', '282'));
    expect(th.stderr).toMatch(row('เครดิตคงเหลือ', '100,000'));
    expect(th.stderr).toMatch(row('คำขอ', '20 (คำขอละไม่เกิน 2,000,000 ราย)'));
    expect(th.stderr).toMatch(row('ความเร็ว', 'ครั้งละ 4 คำขอ ไม่จำกัดอัตรา'));
    expect(th.stderr).toMatch(row('ชื่อผู้ส่ง', 'SMSCTL'));
    expect(th.stderr).toMatch(row('เวลาส่ง', when.thai));
    expect(th.stderr).toMatch(/^ทดลองส่ง: ไม่ได้ส่งจริง$/m);
    // Every value starts in the same column, however many Thai vowel and tone marks a label has.
    const labels = th.stderr.split('\n').map((l) => /^( {2}[\u0E00-\u0E7F]\S* +)\S/.exec(l)?.[1]).filter((l) => l !== undefined);
    expect(labels).toHaveLength(11);
    expect(new Set(labels.map((l) => [...l.replace(/[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]/g, '')].length))).toEqual(new Set([20]));

    const en = await run(args, { configDir: tmp.dir, env: EN });
    expect(en.code, en.stderr).toBe(0);
    expect(en.stderr).toMatch(/^Send summary — ME-SMS sandbox \(profile sandbox\)$/m);
    // On purpose, English too shows the other calendar's year beside the schedule.
    expect(en.stderr).toMatch(row('Schedule', when.english));
    expect(en.stderr).toMatch(/^Dry run: nothing sent\.$/m);

    // One after the other: the language is the process's, and these run in this process.
    const json = [await run([...args, '--json'], { configDir: tmp.dir, env: EN }), await run([...args, '--json'], { configDir: tmp.dir, env: TH })];
    expect(json.map((r) => r.code)).toEqual([0, 0]);
    expect(JSON.parse(json[0]!.stdout)).toMatchObject({ ok: true, dryRun: true, recipients: { valid: 282 }, credits: 282 });
    expect(json[1]!.stdout).toBe(json[0]!.stdout);
  });

  it('a dry run that fails (no valid recipient): the error in Thai, the JSON the same apart from error.message', async () => {
    const args = ['--profile', 'sandbox', 'send', '--to', '021234567', '-m', 'hi', '--dry-run'];
    const th = await run(args, { configDir: tmp.dir, env: TH });
    expect(th.code).toBe(3);
    expect(th.stderr).toMatch(/ไม่มีผู้รับที่ถูกต้องใน 1 แถว ไม่ได้ส่งอะไร/);
    const en = await run([...args, '--json'], { configDir: tmp.dir, env: EN });
    const thJson = await run([...args, '--json'], { configDir: tmp.dir, env: TH });
    expect(JSON.parse(en.stdout).error).toMatchObject({ code: 'NO_RECIPIENTS', message: 'no valid recipient in 1 row; nothing sent' });
    expect(JSON.parse(thJson.stdout).error.message).toBe('ไม่มีผู้รับที่ถูกต้องใน 1 แถว ไม่ได้ส่งอะไร');
    expect(withoutMessages(thJson.stdout)).toBe(withoutMessages(en.stdout));
  });

  it('a real send: the result in Thai; its --json and --report the same as an English send of the same list, ids and paths aside', async () => {
    const when = schedule();
    const send = (dir: string, env: NodeJS.ProcessEnv, json: boolean) =>
      run(['--profile', 'sandbox', 'send', '--csv', CSV, '-m', MESSAGE, '--schedule', when.typed, '--report', join(dir, 'report.csv'), '--yes', ...(json ? ['--json'] : [])], { configDir: dir, env });

    const th = await send(tmp.dir, TH, false);
    expect(th.code, th.stderr).toBe(0);
    expect(th.stderr).toMatch(row('เวลาส่ง', when.thai));
    expect(th.stderr).toMatch(/^เสร็จ: 282\/282 ผู้รับ \(100%\) ใน 20 คำขอ — ส่งแล้ว 282 ใช้เวลา /m);
    expect(th.stderr).toContain(`ตั้งเวลาส่งแล้ว: ${when.thai.replace(/ \(.*/, '')} ผู้รับ 282 ราย ใน 20 คำขอ\n`);
    expect(th.stderr).toMatch(/^รายงาน \(300 แถว\): .*report\.csv$/m);
    expect(th.stderr).toMatch(/^รอบการส่ง \d{8}T\d{6}-[0-9a-f]{6} ส่งคำขอครบแล้ว$/m);
    expect(th.stderr).toMatch(/^สถานะการส่งถึงผู้รับ: smsctl --profile sandbox status \d{8}T/m);
    const thReport = readFileSync(join(tmp.dir, 'report.csv'), 'utf8');

    // The same send in English and again in Thai, each on a fresh sandbox of its own, with --json.
    const third = tempConfigDir();
    try {
      const en = await send(other.dir, EN, true);
      const thJson = await send(third.dir, TH, true);
      expect([en.code, thJson.code]).toEqual([0, 0]);
      expect(JSON.parse(en.stdout)).toMatchObject({ ok: true, sent: { recipients: 282, requests: 20 } });
      expect(masked(thJson.stdout, third.dir)).toBe(masked(en.stdout, other.dir));
      const enReport = readFileSync(join(other.dir, 'report.csv'), 'utf8');
      expect(enReport.split('\n')[0]).toBe('row,name,phone,branch,points,normalised_number,outcome,message_id,reason,run_id');
      expect(maskReport(thReport)).toBe(maskReport(enReport));
    } finally {
      third.cleanup();
    }
  });

  it('the confirmation is asked in Thai; "no" sends nothing', async () => {
    const r = await run(['--profile', 'sandbox', 'send', '--to', '0812345678,0898765432', '-m', 'hi'], { configDir: tmp.dir, env: TH, tty: true, answers: [false] });
    expect(r.prompts).toEqual(['ส่งถึงผู้รับ 2 ราย ใช้ 2 เครดิต ผ่าน ME-SMS ส่งเลยไหม?']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ไม่ได้ส่งอะไร$/m);
    expect(readdirSync(join(tmp.dir, 'runs')).filter((n) => /^\d{8}T/.test(n))).toEqual([]);
  });

  it('the same list again while its earlier run is unfinished: the question, the resume and its result in Thai', async () => {
    const csv = join(tmp.dir, 'list.csv');
    writeFileSync(csv, ['name,phone', ...Array.from({ length: 10 }, (_, i) => `คุณ${i},08${String(10000000 + i)}`)].join('\n'));
    const args = ['--profile', 'sandbox', 'send', '--csv', csv, '-m', 'สวัสดี{{name}}'];
    const first = await run([...args, '--yes', '--json'], { configDir: tmp.dir, env: TH });
    expect(first.code, first.stderr).toBe(0);
    const id = JSON.parse(first.stdout).runId as string;
    // Leave the run as a crash after its first four requests would: the rest never started.
    const journal = join(tmp.dir, 'runs', id, 'journal.ndjson');
    const kept = readFileSync(journal, 'utf8').split('\n').filter((l) => l && (!('i' in JSON.parse(l)) || JSON.parse(l).i < 4));
    writeFileSync(journal, `${kept.join('\n')}\n`);

    // Without a terminal it is a refusal, naming the command that continues the run.
    const refused = await run([...args, '--yes'], { configDir: tmp.dir, env: TH });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`ยังไม่เสร็จ (ส่งแล้ว 4 ยังไม่ได้ส่งหรือไม่ทราบผล 6) ถ้าส่งอีกจะเป็นการส่งซ้ำ ส่งต่อรอบนั้นด้วย: smsctl --profile sandbox send --resume ${id} --yes — หรือเริ่มใหม่ทั้งหมดด้วย --new`);

    const again = await run(args, { configDir: tmp.dir, env: TH, tty: true, answers: [true] });
    expect(again.prompts).toEqual([`รอบการส่ง ${id} ก่อนหน้าของรายชื่อและข้อความนี้ยังไม่เสร็จ (ส่งแล้ว 4 ยังไม่ได้ส่งหรือไม่ทราบผล 6) ส่งต่อรอบนั้นแทนไหม?`]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`^ส่งต่อรอบการส่ง ${id} — ME-SMS แซนด์บ็อกซ์ \\(โปรไฟล์ sandbox\\) เริ่มเมื่อ \\d{1,2} \\S+ 25\\d\\d \\d\\d:\\d\\d น\\.$`, 'm'));
    expect(again.stderr).toMatch(row('ส่งแล้ว', 'ผู้รับ 4 ราย ใน 4 คำขอ (จะไม่ส่งซ้ำ)'));
    expect(again.stderr).toMatch(row('จะส่ง', 'ผู้รับ 6 ราย ใน 6 คำขอ'));
    expect(again.stderr).toMatch(/^ส่งแล้ว: ผู้รับ 10 ราย ใน 10 คำขอ$/m);
    expect(again.stderr).toMatch(new RegExp(`^รอบการส่ง ${id} ส่งคำขอครบแล้ว$`, 'm'));
  });
});

describe('an interrupted send in Thai (the built CLI, Ctrl-C)', () => {
  it('stops after the requests in flight, says what was sent and how to resume, in Thai; the JSON the same as in English', async () => {
    const results: { stderr: string; json: Record<string, any> }[] = [];
    for (const lang of ['th', 'en']) {
      const server = await startTestServer();
      try {
        let received = 0;
        let child: ReturnType<typeof spawn> | undefined;
        server.route({ method: 'GET', path: '/credit' }, () => ({ body: { remaining_credit: 1_000_000 } }));
        server.route({ method: 'POST', path: '/sms' }, (req) => {
          const numbers = (new URLSearchParams(req.body).get('msisdn') ?? '').split(',').filter(Boolean);
          if (++received === 2) child!.kill('SIGINT');
          return {
            status: 201,
            delayMs: 150,
            body: {
              remaining_credit: 1_000_000,
              total_use_credit: numbers.length,
              credit_type: 'standard',
              phone_number_list: numbers.map((n, i) => ({ number: n, message_id: `m${received}-${i}`, used_credit: 1 })),
              bad_phone_number_list: [],
            },
          };
        });
        const dir = lang === 'th' ? tmp.dir : other.dir;
        const csv = join(dir, 'list.csv');
        writeFileSync(csv, ['phone', ...Array.from({ length: 5000 }, (_, i) => `09${String(20_000_000 + i)}`)].join('\n'));
        const env = {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          SMSCTL_CONFIG_DIR: dir,
          SMSCTL_LANG: lang,
          SMSCTL_PROVIDER: 'thaibulksms',
          SMSCTL_BASE_URL: server.url,
          SMSCTL_API_KEY: 'tbs_key_abcdef0123456789',
          SMSCTL_API_SECRET: 'tbs_secret_abcdef0123456789',
        };
        const proc = spawn(process.execPath, [join(ROOT, 'bin', 'smsctl.js'), 'send', '--csv', csv, '-m', 'promo', '--concurrency', '1', '--rate', 'none', '--yes', '--json'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
        child = proc;
        let stdout = '';
        let stderr = '';
        proc.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        proc.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
        expect(code, stderr).toBe(130);
        results.push({ stderr, json: JSON.parse(stdout) as Record<string, any> });
      } finally {
        await server.close({ allowUnused: true });
      }
    }
    const [th, en] = results as [(typeof results)[0], (typeof results)[0]];
    expect(th.json).toMatchObject({ ok: false, stoppedBy: 'signal', sent: { requests: 2, recipients: 1000 }, notSent: { requests: 8, recipients: 4000 } });
    const id = th.json.runId as string;
    expect(th.stderr).toMatch(/^ส่งแล้ว: ผู้รับ 1,000 ราย ใน 2 คำขอ$/m);
    expect(th.stderr).toMatch(/^ยังไม่ได้ส่ง: ผู้รับ 4,000 ราย ใน 8 คำขอ$/m);
    expect(th.stderr).toContain(`รอบการส่ง ${id} ยังไม่เสร็จ ส่งต่อได้ด้วย: smsctl send --resume ${id} --yes\n`);
    expect(th.stderr).toMatch(/คำขอที่กำลังส่งอยู่ส่งเสร็จและบันทึกแล้ว ผู้รับ 4,000 ราย ยังไม่ได้ส่ง/);
    expect(en.stderr).toContain(`Run ${en.json.runId as string} is unfinished. Resume it with: smsctl send --resume ${en.json.runId as string} --yes\n`);
    const same = (r: (typeof results)[0], dir: string) => masked(JSON.stringify(r.json), dir, [r.json.runId as string]);
    expect(withoutMessages(same(th, tmp.dir))).toBe(withoutMessages(same(en, other.dir)));
  });
});

/** A real send's JSON with what differs between two sends (run id, references, the config dir) masked. */
function masked(stdout: string, dir: string, ids: string[] = []): string {
  const doc = JSON.parse(stdout) as { runId?: string; references?: string[] | null };
  let text = stdout.split(dir).join('<dir>');
  for (const id of [doc.runId, ...ids]) if (id) text = text.split(id).join('<run>');
  for (const ref of doc.references ?? []) text = text.split(`"${ref}"`).join('"<ref>"');
  return text;
}

/** The run id (the last column) and the sandbox's message ids (UUIDs) differ between two sends; nothing else may. */
function maskReport(csv: string): string {
  return csv.replace(/\d{8}T\d{6}-[0-9a-f]{6}$/gm, '<run>').replace(/[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, '<ref>');
}

/** JSON with every `message` field emptied: the one free-text field that follows the language. */
function withoutMessages(json: string): string {
  return JSON.stringify(JSON.parse(json), (key, value: unknown) => (key === 'message' ? '' : value));
}
