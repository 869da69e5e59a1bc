/**
 * smsctl in Thai at the terminal (issue 16), the CLI's own part: --help in Thai (commander's
 * titles, the root options, the examples, the exit codes), parser errors in Thai with the same
 * exit code and JSON, which language is chosen (--lang, SMSCTL_LANG, the locale), and that
 * English never loads the Thai catalogue. Most of it runs the built CLI: `npm run build` first.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, commandPath } from '../../src/cli/help.js';
import { buildProgram } from '../../src/cli/program.js';
import { en } from '../../src/i18n/en/index.js';
import { th } from '../../src/i18n/th/index.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { fakeContext, run } from '../helpers/context.js';
import { loadingRunner } from '../helpers/loading.js';

const configDir = mkdtempSync(join(tmpdir(), 'smsctl-lang-'));
const loading = loadingRunner();
afterAll(() => {
  rmSync(configDir, { recursive: true, force: true });
  loading.cleanup();
});
beforeAll(() => {
  expect(existsSync(join(ROOT, 'dist', 'smsctl.cjs')), 'run `npm run build` first').toBe(true);
});

const THAI = { SMSCTL_LANG: 'th' };
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
const message = (m: (typeof th)[keyof typeof th]) => (typeof m === 'string' ? m : m.other);
const ENGLISH_TITLES = /^(Usage|Arguments|Options|Global Options|Commands|Examples|Exit codes):/m;

/** The commands of a help text's examples block (titled `title`), comments left out. */
function exampleCommands(help: string, title: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf(title);
  expect(start, `no "${title}" in:\n${help}`).toBeGreaterThan(-1);
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '') continue;
    if (!line.startsWith('  ')) break;
    const text = line.trim();
    if (!text.startsWith('# ')) out.push(text.split('  # ')[0]!.trimEnd());
  }
  return out;
}

/** The documents of two --json runs, with their free-text `message` fields taken out. */
function withoutMessages(stdout: string): unknown {
  return JSON.parse(stdout, (key, value: unknown) => (key === 'message' ? undefined : value));
}

describe('--help in Thai, on the built CLI', () => {
  describe.each([
    ['--lang th', ['--lang', 'th'], {}],
    ['SMSCTL_LANG=th', [], THAI],
  ] as const)('via %s', (_how, flags, env) => {
    it('smsctl --help: Thai titles, Thai root options, the examples as typed, the exit codes in Thai', async () => {
      const [thai, english] = await Promise.all([runCli([...flags, '--help'], { configDir, env }), runCli(['--help'], { configDir })]);
      expect(thai.code, thai.stderr).toBe(0);
      expect(thai.stderr).toBe('');
      const out = thai.stdout;
      expect(out).toMatch(/^วิธีใช้: smsctl \[ตัวเลือก\] \[คำสั่ง\]$/m);
      for (const title of ['ตัวเลือก:', 'คำสั่ง:', 'ตัวอย่าง:', 'รหัสการจบการทำงาน (exit code):']) expect(out.split('\n')).toContain(title);
      expect(out).not.toMatch(ENGLISH_TITLES);
      expect(out).toContain(message(th['help.root.description']));
      // Each root option: its flags as typed, its description in Thai.
      for (const [flag, key] of [
        ['-V, --version', 'help.version'],
        ['-p, --profile <name>', 'help.root.profile'],
        ['--verbose', 'help.root.verbose'],
        ['--no-color', 'help.root.no_color'],
        ['--lang <lang>', 'lang.option'],
        ['-h, --help', 'help.help_option'],
      ] as const) {
        expect(out).toContain(`  ${flag}  `);
        expect(flat(out)).toContain(flat(message(th[key])));
        expect(flat(out)).not.toContain(flat(message(en[key])));
      }
      expect(flat(out)).toContain(`help [คำสั่ง] ${th['help.help_command']}`);
      // The examples: the same commands, character for character, with Thai comments.
      expect(exampleCommands(out, 'ตัวอย่าง:')).toEqual(exampleCommands(english.stdout, 'Examples:'));
      expect(exampleCommands(out, 'ตัวอย่าง:')).toEqual(EXAMPLES['']!.map(([command]) => command));
      expect(out).toContain(`# ${th['help.example.root.1']}`);
      // The exit-code table: the same codes, Thai meanings.
      const table = out.slice(out.indexOf('รหัสการจบการทำงาน'));
      for (const [code, key] of [
        [0, 'exit.done'],
        [2, 'exit.usage'],
        [8, 'exit.partial'],
        [130, 'exit.interrupted'],
      ] as const) {
        expect(table).toContain(`${String(code).padStart(3)}  ${message(th[key])}`);
      }
    });

    it('smsctl send --help: Thai titles and global options; the examples are the English commands exactly', async () => {
      const [thai, english] = await Promise.all([runCli([...flags, 'send', '--help'], { configDir, env }), runCli(['send', '--help'], { configDir })]);
      expect(thai.code, thai.stderr).toBe(0);
      const out = thai.stdout;
      expect(out).toMatch(/^วิธีใช้: smsctl send \[ตัวเลือก\]$/m);
      for (const title of ['ตัวเลือก:', 'ตัวเลือกที่ใช้ได้กับทุกคำสั่ง:', 'ตัวอย่าง:']) expect(out.split('\n')).toContain(title);
      expect(out).not.toMatch(ENGLISH_TITLES);
      const globals = flat(out.slice(out.indexOf('ตัวเลือกที่ใช้ได้กับทุกคำสั่ง:')));
      for (const key of ['help.root.profile', 'help.root.verbose', 'help.root.no_color', 'lang.option'] as const) expect(globals).toContain(flat(message(th[key])));
      const commands = exampleCommands(out, 'ตัวอย่าง:');
      expect(commands).toEqual(exampleCommands(english.stdout, 'Examples:'));
      expect(commands).toEqual(EXAMPLES.send!.map(([command]) => command));
      expect(flat(out)).toContain(flat(message(th['help.example.send.8'])));
    });
  });

  it('the same layout as English: the same lines of flags, the same number of blocks', async () => {
    const [thai, english] = await Promise.all([runCli(['--help'], { configDir, env: THAI }), runCli(['--help'], { configDir })]);
    const terms = (s: string) => s.split('\n').filter((l) => /^ {2}-/.test(l)).map((l) => l.trim().split(/ {2,}/)[0]);
    expect(terms(thai.stdout)).toEqual(terms(english.stdout));
    // Wrapped at 80 columns, counting a Thai vowel or tone mark as none.
    for (const line of thai.stdout.split('\n')) if (!/^ {2}(smsctl|# |\s*\d+ {2})/.test(line)) expect(line.replace(/\p{M}/gu, '').length, line).toBeLessThanOrEqual(80);
  });
});

describe('--help of every command, in Thai (in-process)', () => {
  const program = buildProgram(fakeContext({ configDir }).ctx);
  const walk = (cmd: Command): Command[] => {
    const shown = cmd.createHelp().visibleCommands(cmd);
    return cmd.commands.filter((c) => shown.includes(c)).flatMap((c) => [c, ...walk(c)]);
  };
  const paths = ['', ...walk(program).map(commandPath)];

  it.each(paths.map((p) => [p || '(root)', p]))('smsctl %s --help: Thai titles, the example commands exactly as in English, each with its Thai comment', async (_name, path) => {
    const args = [...(path ? path.split(' ') : []), '--help'];
    const [thai, english] = [await run(args, { configDir, env: THAI }), await run(args, { configDir })];
    expect(thai.code).toBe(0);
    expect(thai.stdout).toContain(`วิธีใช้: smsctl ${path}`.trimEnd());
    expect(thai.stdout).not.toMatch(ENGLISH_TITLES);
    const examples = EXAMPLES[path] ?? [];
    expect(exampleCommands(thai.stdout, 'ตัวอย่าง:')).toEqual(examples.map(([command]) => command));
    expect(exampleCommands(thai.stdout, 'ตัวอย่าง:')).toEqual(exampleCommands(english.stdout, 'Examples:'));
    for (const [, comment] of examples) if (comment) expect(flat(thai.stdout)).toContain(flat(message(th[comment])));
  });

  it('every example comment is translated: Thai letters in every one', () => {
    const comments = Object.values(EXAMPLES).flatMap((lines) => lines.flatMap(([, c]) => (c ? [c] : [])));
    expect(comments.length).toBeGreaterThan(90);
    expect(comments.filter((c) => !/[\u0E00-\u0E7F]/.test(message(th[c])))).toEqual([]);
  });

  it("commander's suffixes are Thai too: (เลือกได้: …) after an argument, (ค่าเริ่มต้น: …) after an option", async () => {
    const completion = await run(['completion', '--help'], { configDir, env: THAI });
    expect(completion.stdout).toContain('(เลือกได้: "bash", "zsh", "fish")');
    const mcp = await run(['mcp', '--help'], { configDir, env: THAI });
    expect(flat(mcp.stdout)).toContain('(ค่าเริ่มต้น: 10)');
    expect((await run(['mcp', '--help'], { configDir })).stdout).toContain('(default: 10)');
  });
});

describe('parser errors in Thai: the same exit code and JSON as English', () => {
  // The arguments, the error code, the Thai line; and where --json goes (null: the command has no --json).
  it.each([
    ['an unknown option', ['send', '--frobnicate'], 'UNKNOWN_OPTION', 'ไม่รู้จักตัวเลือก --frobnicate — ดูวิธีใช้: smsctl send --help', ['send', '--json', '--frobnicate']],
    ['an unknown option like a real one', ['send', '--dry-rn'], 'UNKNOWN_OPTION', 'ไม่รู้จักตัวเลือก --dry-rn (หมายถึง --dry-run หรือเปล่า) — ดูวิธีใช้: smsctl send --help', ['send', '--json', '--dry-rn']],
    ['an unknown command', ['sedn'], 'UNKNOWN_COMMAND', "ไม่รู้จักคำสั่ง 'sedn' (หมายถึง send หรือเปล่า) — ดูวิธีใช้: smsctl --help", ['sedn', '--json']],
    ['a missing operand', ['recipients'], 'MISSING_ARGUMENT', "ขาดอาร์กิวเมนต์ 'ref' ที่ต้องใส่ — ดูวิธีใช้: smsctl recipients --help", ['recipients', '--json']],
    ['a flag without its value', ['send', '--to'], 'MISSING_FLAG_VALUE', "ตัวเลือก '--to <numbers>' ต้องมีค่าตามหลัง — ดูวิธีใช้: smsctl send --help", ['send', '--json', '--to']],
    ['a required flag left out', ['profile', 'add', 'x'], 'MISSING_FLAG', "ต้องใส่ตัวเลือก '--provider <provider>' — ดูวิธีใช้: smsctl profile add --help", ['profile', 'add', 'x', '--json']],
    ['too many operands', ['balance', 'x', 'y'], 'EXCESS_ARGUMENTS', "อาร์กิวเมนต์ของ 'balance' มากเกินไป รับได้ 0 ตัว แต่ได้มา 2 ตัว — ดูวิธีใช้: smsctl balance --help", ['balance', 'x', 'y', '--json']],
    ['an operand not among the choices', ['webhook', 'trigger', 'bogus', '--to', 'http://127.0.0.1:9/'], 'BAD_FLAG', "ค่า 'bogus' ของอาร์กิวเมนต์ 'event' ไม่ถูกต้อง เลือกได้เฉพาะ ", null],
    ['a secret given as a flag', ['send', '--api-key=abc'], 'SECRET_FLAG', '--api-key: smsctl ไม่รับคีย์ลับทางแฟล็ก', ['send', '--json', '--api-key=abc']],
    ['a flag where a value belongs', ['--profile', 'sandbox', 'send', '-m', '--yes', '--to', '0812345678'], 'FLAG_AS_VALUE', '-m/--message ต้องมีค่า แต่ได้แฟล็ก --yes มาแทน', ['--profile', 'sandbox', 'send', '--json', '-m', '--yes', '--to', '0812345678']],
    ['an unknown shell', ['completion', 'tcsh'], 'BAD_SHELL', 'ไม่รู้จัก shell "tcsh" เลือกได้: bash, zsh, fish', null],
  ])('%s: Thai line, exit 2, the same JSON but its message', async (_what, args, code, thai, json) => {
    const [t, e] = [await run(args, { configDir, env: THAI }), await run(args, { configDir })];
    expect(t.code).toBe(2);
    expect(e.code).toBe(2);
    expect(t.stderr.startsWith(`smsctl: ผิดพลาด: ${thai}`), t.stderr).toBe(true);
    expect(e.stderr).toMatch(/^smsctl: error: /);
    if (!json) return;
    const [tj, ej] = [await run(json, { configDir, env: THAI }), await run(json, { configDir })];
    expect(tj.code).toBe(2);
    expect(ej.code).toBe(2);
    expect(JSON.parse(tj.stdout).error.code).toBe(code);
    expect(withoutMessages(tj.stdout)).toEqual(withoutMessages(ej.stdout));
    expect(JSON.parse(tj.stdout).error.message).not.toBe(JSON.parse(ej.stdout).error.message);
  });

  it('English says "did you mean --dry-run?" with one question mark', async () => {
    const r = await run(['send', '--dry-rn'], { configDir });
    expect(r.stderr).toBe('smsctl: error: unknown option --dry-rn (did you mean --dry-run?) — see smsctl send --help\n');
  });

  it('a flag given where an operand goes names the help of the whole command path', async () => {
    const [t, e] = [await run(['profile', 'show', '--', '--json'], { configDir, env: THAI }), await run(['profile', 'show', '--', '--json'], { configDir })];
    expect(t).toMatchObject({ code: 2, stderr: 'smsctl: ผิดพลาด: --json อยู่ในตำแหน่งที่ควรเป็นค่า — ดูวิธีใช้: smsctl profile show --help\n' });
    expect(e).toMatchObject({ code: 2, stderr: 'smsctl: error: --json came where a value was expected — see smsctl profile show --help\n' });
  });

  it('the built CLI: an unknown option under --lang th is Thai, exit 2, and its --json is the English one but for the message', async () => {
    const [t, e] = await Promise.all([runCli(['--lang', 'th', 'send', '--bogus'], { configDir }), runCli(['send', '--bogus'], { configDir })]);
    expect(t).toMatchObject({ code: 2, stdout: '', stderr: 'smsctl: ผิดพลาด: ไม่รู้จักตัวเลือก --bogus — ดูวิธีใช้: smsctl send --help\n' });
    expect(e).toMatchObject({ code: 2, stderr: 'smsctl: error: unknown option --bogus — see smsctl send --help\n' });
    const [tj, ej] = await Promise.all([runCli(['--lang', 'th', 'send', '--bogus', '--json'], { configDir }), runCli(['send', '--bogus', '--json'], { configDir })]);
    expect(tj.code).toBe(2);
    expect(JSON.parse(tj.stdout).error).toMatchObject({ kind: 'usage', code: 'UNKNOWN_OPTION', message: 'ไม่รู้จักตัวเลือก --bogus — ดูวิธีใช้: smsctl send --help' });
    expect(withoutMessages(tj.stdout)).toEqual(withoutMessages(ej.stdout));
  });

  it('balance: a Thai line; its --json is byte for byte the English one', async () => {
    const thai = await runCli(['--lang', 'th', '--profile', 'sandbox', 'balance'], { configDir });
    expect(thai.code, thai.stderr).toBe(0);
    expect(thai.stdout).toMatch(/^เครดิตคงเหลือ [\d,]+ — ME-SMS โปรไฟล์ sandbox\n$/);
    const [tj, ej] = await Promise.all([
      runCli(['--lang', 'th', '--profile', 'sandbox', 'balance', '--json'], { configDir }),
      runCli(['--profile', 'sandbox', 'balance', '--json'], { configDir }),
    ]);
    expect(tj.code).toBe(0);
    expect(tj.stdout).toBe(ej.stdout);
  });
});

describe('completion scripts', () => {
  // The menus' descriptions come from the command tree: the language of the run that wrote the script.
  it('bash has no descriptions and is the same in both languages; zsh and fish menus are in the language they were written in', async () => {
    const script = async (shell: string, env = {}) => (await run(['completion', shell], { configDir, env })).stdout;
    expect(await script('bash', THAI)).toBe(await script('bash'));
    for (const shell of ['zsh', 'fish']) {
      const [thai, english] = [await script(shell, THAI), await script(shell)];
      expect(thai).toContain(message(th['balance.description']));
      expect(english).toContain(message(en['balance.description']));
      expect(thai).not.toContain(message(en['balance.description']));
    }
  });
});

describe('which language', () => {
  const isThai = (out: string) => out.includes('วิธีใช้: smsctl');
  const isEnglish = (out: string) => out.includes('Usage: smsctl');

  it('--lang fr: exit 2, naming --lang; under --json the code is BAD_FLAG', async () => {
    const r = await runCli(['--lang', 'fr', '--help'], { configDir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^smsctl: error: --lang fr: /);
    const j = await runCli(['--lang', 'fr', 'balance', '--json'], { configDir });
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout).error).toMatchObject({ kind: 'usage', code: 'BAD_FLAG' });
  });

  it('SMSCTL_LANG=xx: exit 2, naming SMSCTL_LANG', async () => {
    const r = await runCli(['balance'], { configDir, env: { SMSCTL_LANG: 'xx' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^smsctl: error: SMSCTL_LANG=xx: /);
    const j = await runCli(['balance', '--json'], { configDir, env: { SMSCTL_LANG: 'xx' } });
    expect(JSON.parse(j.stdout).error).toMatchObject({ kind: 'usage', code: 'BAD_LANGUAGE' });
  });

  it('LANG=th_TH.UTF-8 and no SMSCTL_LANG: Thai', async () => {
    const r = await runCli(['--help'], { configDir, env: { LANG: 'th_TH.UTF-8' } });
    expect(r.code).toBe(0);
    expect(isThai(r.stdout)).toBe(true);
  });

  it('LC_ALL=C with LANG=th_TH.UTF-8: English (LC_ALL wins)', async () => {
    const r = await runCli(['--help'], { configDir, env: { LC_ALL: 'C', LANG: 'th_TH.UTF-8' } });
    expect(r.code).toBe(0);
    expect(isEnglish(r.stdout)).toBe(true);
  });

  it('--lang en beats SMSCTL_LANG=th, and --lang th beats LC_ALL=C', async () => {
    const en = await runCli(['--lang', 'en', '--help'], { configDir, env: THAI });
    expect(isEnglish(en.stdout)).toBe(true);
    const th = await runCli(['--lang=th', '--help'], { configDir, env: { LC_ALL: 'C' } });
    expect(isThai(th.stdout)).toBe(true);
  });
});

describe('the Thai catalogue is a lazy chunk', () => {
  // esbuild writes non-ASCII as \uXXXX escapes: read them back before looking for Thai.
  const unescape = (s: string) => s.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const THAI_ONLY = message(th['help.root.description']);

  it('is in dist/chunks/, not in dist/smsctl.cjs', () => {
    expect(unescape(readFileSync(join(ROOT, 'dist', 'smsctl.cjs'), 'utf8'))).not.toContain(THAI_ONLY);
    const chunks = readdirSync(join(ROOT, 'dist', 'chunks')).filter((f) => unescape(readFileSync(join(ROOT, 'dist', 'chunks', f), 'utf8')).includes(THAI_ONLY));
    expect(chunks).toHaveLength(1);
  });

  it('smsctl --help in English loads no chunk; in Thai it loads the Thai one', async () => {
    const english = await loading(['--help']);
    expect(english.code, english.stderr).toBe(0);
    expect(english.loaded).toEqual(['bin/smsctl.js', 'dist/smsctl.cjs (code cache)']);
    const thai = await loading(['--help'], THAI);
    expect(thai.code, thai.stderr).toBe(0);
    expect(thai.stdout).toContain('วิธีใช้: smsctl');
    const chunks = thai.loaded.filter((f) => f.startsWith('dist/chunks/'));
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.some((f) => unescape(readFileSync(join(ROOT, f), 'utf8')).includes(THAI_ONLY))).toBe(true);
  });
});
