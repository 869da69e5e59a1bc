/**
 * `smsctl profile …` in Thai (issue 16): results, prompts and errors read Thai with
 * SMSCTL_LANG=th, and `--json` is the English document but for its `message` fields.
 * Also `--language`, the language a profile keeps (what it changes: test/e2e/profile-language.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';

const KEY = 'sk_sep_3f9a8b7c6d5e4f3a2b1cd21c';
const TH = { SMSCTL_LANG: 'th' };
let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => (tmp = tempConfigDir()));
afterEach(() => tmp.cleanup());

const cli = (args: string[], opts: { env?: NodeJS.ProcessEnv; tty?: boolean; answers?: (string | boolean)[] } = {}) => run(args, { configDir: tmp.dir, ...opts });
const stored = (name: string) => JSON.parse(readFileSync(join(tmp.dir, 'config.json'), 'utf8')).profiles[name] as Record<string, unknown> | undefined;

async function addShop(...flags: string[]): Promise<void> {
  const r = await cli(['profile', 'add', 'shop', '--provider', 'sepsms', '--sender', 'SHOP', ...flags], { env: { SMSCTL_API_KEY: KEY } });
  expect(r.code, r.stderr).toBe(0);
}

/** The document with every free-text `message` taken out: all that may differ between languages. */
function withoutMessages(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMessages);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'message').map(([k, v]) => [k, withoutMessages(v)]));
  }
  return value;
}

describe('profile in Thai', () => {
  it('add: the masked prompts, the asking again and the result line', async () => {
    const r = await cli(['profile', 'add', 'tbs', '--provider', 'thaibulksms'], {
      env: TH,
      tty: true,
      answers: ['', 'tbs_key_0123456789abcdef', 'tbs_secret_0123456789abcdef', ''],
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.prompts).toEqual(['API key:', 'API key:', 'API secret:', 'OTP key (กด Enter เพื่อข้าม):']);
    expect(r.stderr).toContain('ต้องกรอก API key วางค่าได้เลย (ตัวอักษรจะถูกซ่อน) หรือกด Ctrl-C เพื่อหยุด\n');
    expect(r.stderr).toMatch(/^เพิ่มโปรไฟล์ tbs แล้ว: ThaiBulkSMS ตั้งเป็นโปรไฟล์เริ่มต้นแล้ว ตรวจสอบได้ด้วย: smsctl profile test tbs$/m);
  });

  it('add: a sandbox profile, and an error', async () => {
    const r = await cli(['profile', 'add', 'dev', '--provider', 'mesms', '--sandbox'], { env: TH });
    expect(r.stderr).toMatch(/^เพิ่มโปรไฟล์ dev แล้ว: ME-SMS \(แซนด์บ็อกซ์\) ตั้งเป็นโปรไฟล์เริ่มต้นแล้ว/m);
    const again = await cli(['profile', 'add', 'dev', '--provider', 'mesms', '--sandbox'], { env: TH });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^smsctl: ผิดพลาด: มีโปรไฟล์ "dev" อยู่แล้ว ลบออกก่อน หรือใส่ --force เพื่อแทนที่$/m);
    const none = await cli(['profile', 'add', 'x', '--provider', 'mesms'], { env: TH });
    expect(none.stderr).toMatch(/ต้องมี API key: ตั้ง SMSCTL_API_KEY หรือส่งทาง pipe ด้วย --secrets-stdin/);
  });

  it('list: Thai headers and words, the rows themselves as typed', async () => {
    await addShop();
    const r = await cli(['profile', 'list'], { env: TH });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ {2}ชื่อ +ผู้ให้บริการ +ชื่อผู้ส่ง +ปลายทาง +คีย์ API$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}sandbox +ME-SMS +SMSCTL +แซนด์บ็อกซ์ +คีย์ของแซนด์บ็อกซ์$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\* shop +SEPSMS +SHOP +ค่าเริ่มต้น +sk_sep_3f9a…d21c$/));
  });

  it('show: Thai labels, aligned by display width, values as typed', async () => {
    await addShop('--language', 'th');
    const r = await cli(['profile', 'show', 'shop'], { env: TH });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/: +/, ': '))).toEqual(['ชื่อ: shop', 'ผู้ให้บริการ: sepsms', 'ค่าเริ่มต้น: ใช่', 'ชื่อผู้ส่ง: SHOP', 'ภาษา: th', 'คีย์ API: sk_sep_3f9a…d21c']);
    // Every value starts in the same column on screen: Thai vowel and tone marks take none.
    const column = (line: string) => [...line.replace(/[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]/g, '')].join('').search(/(?<=: +)\S/);
    expect(new Set(lines.map(column))).toEqual(new Set([13]));
    // English keeps the --json field names as labels.
    expect((await cli(['profile', 'show', 'shop'], { env: { SMSCTL_LANG: 'en' } })).stdout).toBe(
      ['name:        shop', 'provider:    sepsms', 'default:     true', 'sender:      SHOP', 'language:    th', 'apiKey:      sk_sep_3f9a…d21c', ''].join('\n'),
    );
  });

  it('remove: the confirmation asked in Thai, declined and then accepted', async () => {
    await addShop();
    const no = await cli(['profile', 'remove', 'shop'], { env: TH, tty: true, answers: [false] });
    expect(no.prompts).toEqual(['ลบโปรไฟล์ shop (SEPSMS, โปรไฟล์เริ่มต้น) พร้อมคีย์ของโปรไฟล์นี้ ไหม?']);
    expect(no.code).toBe(2);
    expect(no.stderr).toContain('ไม่ได้ลบอะไร');
    expect(stored('shop')).toBeDefined();
    const yes = await cli(['profile', 'remove', 'shop'], { env: TH, tty: true, answers: [true] });
    expect(yes.code).toBe(0);
    expect(yes.stderr).toBe('ลบโปรไฟล์ shop แล้ว โปรไฟล์นี้เคยเป็นโปรไฟล์เริ่มต้น เลือกโปรไฟล์ใหม่ได้ด้วย: smsctl profile use NAME\n');
    const piped = await cli(['profile', 'remove', 'sandbox'], { env: TH });
    expect(piped.stderr).toMatch(/"sandbox" เป็นโปรไฟล์ที่มีมาในตัว ลบไม่ได้/);
  });

  it('test: the result and the send check against the built-in emulator', async () => {
    expect((await cli(['profile', 'add', 'dev', '--provider', 'mesms', '--sandbox'])).code).toBe(0);
    const r = await cli(['profile', 'test', 'dev'], { env: TH });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ผ่าน: ME-SMS ยอมรับคีย์ของ dev \(เครดิตคงเหลือ [\d,]+ เครดิต\)$/m);
    expect(r.stdout).toMatch(/^สิทธิ์การส่ง: ผ่าน \(ME-SMS ยอมรับการทดลองส่งจาก SMSCTL ไม่มีข้อความถูกส่งจริง\)$/m);
  });

  it('edit and use: what changed, in Thai', async () => {
    await addShop();
    const r = await cli(['profile', 'edit', 'shop', '--sender', 'NEW', '--language', 'th', '--unset', 'rate'], { env: TH });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('แก้ไขโปรไฟล์ shop (SEPSMS) แล้ว: ชื่อผู้ส่ง, ภาษา, อัตราการส่ง (ล้างค่าแล้ว)\n');
    expect((await cli(['profile', 'use', 'sandbox'], { env: TH })).stderr).toBe('ตอนนี้โปรไฟล์เริ่มต้นคือ sandbox\n');
  });

  it.each([
    [['profile', 'list']],
    [['profile', 'show', 'shop']],
    [['profile', 'test', 'dev']],
    [['profile', 'show', 'nope']],
    [['profile', 'edit', 'shop', '--language', 'fr']],
  ])('%j --json: the same document in both languages but for `message`', async (args) => {
    await addShop('--language', 'th');
    expect((await cli(['profile', 'add', 'dev', '--provider', 'mesms', '--sandbox'])).code).toBe(0);
    const en = await cli([...args, '--json'], { env: { SMSCTL_LANG: 'en' } });
    const th = await cli([...args, '--json'], { env: TH });
    expect(th.code).toBe(en.code);
    const [docEn, docTh] = [JSON.parse(en.stdout), JSON.parse(th.stdout)];
    expect(withoutMessages(docTh)).toEqual(withoutMessages(docEn));
    if (docEn.ok === false) {
      expect(docTh.error.message).not.toBe(docEn.error.message);
      expect(docTh.error.message).toMatch(/[\u0E00-\u0E7F]/);
    }
  });
});

describe('profile --language', () => {
  it('add --language th keeps it; show and --json give it; edit changes and --unset clears it', async () => {
    await addShop('--language', 'TH');
    expect(stored('shop')).toMatchObject({ language: 'th' });
    expect(JSON.parse((await cli(['profile', 'show', 'shop', '--json'])).stdout)).toMatchObject({ language: 'th' });
    // shop is the default profile: with no SMSCTL_LANG, its Thai is what the next command speaks.
    const edit = await cli(['profile', 'edit', 'shop', '--language', 'en']);
    expect(edit.code, edit.stderr).toBe(0);
    expect(edit.stderr).toBe('แก้ไขโปรไฟล์ shop (SEPSMS) แล้ว: ภาษา\n');
    expect(stored('shop')).toMatchObject({ language: 'en' });
    const unset = await cli(['profile', 'edit', 'shop', '--unset', 'language']);
    expect(unset.stderr).toMatch(/^Updated profile shop \(SEPSMS\): language cleared\.$/m);
    expect(stored('shop')).not.toHaveProperty('language');
    expect(JSON.parse((await cli(['profile', 'show', 'shop', '--json'])).stdout)).toMatchObject({ language: null });
    expect((await cli(['profile', 'show', 'shop'])).stdout).not.toMatch(/language/);
  });

  it.each([
    [['profile', 'add', 'x', '--provider', 'sepsms', '--language', 'fr']],
    [['profile', 'edit', 'shop', '--language', 'thai']],
  ])('%j: exit 2 naming --language, nothing saved', async (args) => {
    await addShop();
    const r = await cli([...args], { env: { SMSCTL_API_KEY: KEY } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^smsctl: error: --language \w+: expected en \(English\) or th \(Thai\)$/m);
    const j = await cli([...args, '--json'], { env: { SMSCTL_API_KEY: KEY } });
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, error: { kind: 'usage', code: 'BAD_FLAG' } });
    expect(stored('x')).toBeUndefined();
    expect(stored('shop')).not.toHaveProperty('language');
  });

  it('--unset language with a new --language at once: exit 2', async () => {
    await addShop();
    const r = await cli(['profile', 'edit', 'shop', '--language', 'th', '--unset', 'language']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--unset language and a new value for it at once/);
  });
});
