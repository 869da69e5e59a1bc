/**
 * The README is the user's manual, and every example in it works: each `smsctl` line of every
 * ```sh block is run, in README order, against the sandbox, by the built CLI (bin/smsctl.js).
 * The Thai guide, README.th.md, is run the same way, after the English one and on its own
 * (its own HOME, scratch directory and sandbox), with SMSCTL_LANG=th in its environment so the
 * Thai paths of every command are exercised; it must hold every example of README.md too.
 *
 * How a line is run
 * - With `bash -c`, `smsctl` on PATH as a wrapper for `node <repo>/bin/smsctl.js`, in one
 *   scratch directory for the whole README, so earlier examples make the profiles and runs
 *   later ones use. HOME is a temp dir, SMSCTL_CONFIG_DIR is $HOME/.config/smsctl (where a
 *   user's is), CI=true, stdin is /dev/null (no terminal, so a line that needs a
 *   confirmation must show --yes), nothing inherited from this process's environment but
 *   PATH (and SMSCTL_LANG=th for README.th.md). HTTPS_PROXY points at a closed local port: an https:// request that slipped
 *   through could reach nothing (the sandboxes are plain http on 127.0.0.1 and never proxied).
 * - The working directory is a scratch directory, not the repo root, so the files examples
 *   write (result.csv, report.csv) never land in the work tree; `fixtures` in it is a
 *   symlink to the repo's fixtures/, so `--csv fixtures/contacts.csv` reads as it does on a
 *   clone. The user files the examples name are made there: customers.csv (fixtures/
 *   contacts.csv plus a "Mobile No" column, for --phone-column), list.csv (= contacts.csv),
 *   promo.txt (= fixtures/message.txt), data/weekly.csv and data/weekly.txt (the cron job's).
 * - Expected exit: 0, unless the line's comment starts with `exit N` (`... # exit 2 ...`).
 *   A line with --json whose stdout is not redirected must print one JSON document with
 *   "ok" true exactly when it exits 0.
 * - Lines that do not invoke smsctl as a command (npm, git clone, npx, curl, comments) are
 *   skipped; ```cron blocks are not sh and are not run as such, but the cron job's command is
 *   (see "Substitutions"); ```text blocks are synopses and output, ```json blocks output. A
 *   fenced block with any other (or no) language fails the test: every shell example is run.
 * - Long-running examples: `sandbox serve` is started, its printed URL awaited, and kept
 *   running for the lines after it; at the end it gets SIGINT and must exit 0. A `--follow`
 *   line is started, its first line of output awaited, then it gets SIGINT and must exit as
 *   its comment says (130).
 *
 * Substitutions (made to the line before it runs; the README shows what a user types)
 * - `profile add NAME --provider P` without --sandbox (a real account): `--sandbox` is added
 *   after `--provider P` and a non-local `--base-url https://…` dropped, so no key is needed
 *   and nothing reaches a provider. A `--secrets-stdin` pipe is kept: the dummy $TBS_KEY and
 *   $TBS_SECRET (set in the environment) are read and ignored by a sandbox profile.
 *   `profile edit NAME --set-key …` on such a profile is refused by the CLI (a sandbox
 *   profile has the sandbox's own keys): that line is expected to exit 2 saying so (in Thai,
 *   naming --set-key).
 * - `20261201T093000-a1b2c3` (a run id) → the newest run (`runs list --json`).
 * - `9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73` (a message reference) → in a `cancel` line, the
 *   reference of the newest run still scheduled; elsewhere the first reference of the newest
 *   run (`status RUN --json`).
 * - `--schedule` dates → the date two days from now (same time and format): the README's
 *   dates would otherwise pass into the past.
 * - `PONHD3` (an OTP token) → what the last `otp send` printed; `560430` (its code) → the
 *   code in the last message the README's `sandbox inbox` line printed.
 * - `sandbox serve --port 8787` → `--port 0`; `127.0.0.1:8787` → the address it printed
 *   (the first http://127.0.0.1:PORT of its output, whatever the language around it).
 * - `${fpath[1]}` (zsh) → `$HOME/.zfunc`; the directory of every `>`/`>>` target is made
 *   first (as a user's system has it). `/var/log/` → `log/`.
 * - The cron job: the command after the five schedule fields, with `/usr/local/bin/smsctl`
 *   → `smsctl`, `/data/` → `data/`, `/var/log/` → `log/`, the `SMSCTL_API_KEY=sk_sep_…` of
 *   the environment-only profile → the sandbox's SEPSMS test key plus `SMSCTL_BASE_URL` of
 *   the running `sandbox serve`, and the `|| … mail …` tail dropped (the test checks the exit
 *   code and the JSON line appended to the log instead).
 *
 * Also here: each guide's exit-code table is the one `smsctl --help` prints in its language
 * (generated from src/errors.ts and the catalogue), each guide's JSON-contract table documents
 * the fields its --json lines print (the Thai table's field names are the English one's), and
 * the Quick start keeps the two commands CI and new users run. The sections are found by their
 * heading, which differs per guide (GUIDES below).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { common as enCommon } from '../src/i18n/en/common.js';
import { common as thCommon } from '../src/i18n/th/common.js';
import { ROOT } from './helpers/cli.js';

const BIN = join(ROOT, 'bin', 'smsctl.js');

/** A guide whose examples are run, and what differs between the languages. */
interface Guide {
  file: string;
  /** Added to every example's environment. */
  env: Record<string, string>;
  /** The headings of the sections read by the checks (`## …`). */
  jsonContract: string;
  exitCodes: string;
  /** The line of `smsctl --help` above its exit codes, in the guide's language. */
  helpExitTitle: string;
  /** What refusing `profile edit --set-key` on a sandbox profile says. */
  sandboxKeysRefused: RegExp;
}

const GUIDES: Guide[] = [
  {
    file: 'README.md',
    env: {},
    jsonContract: '## Scripts: the JSON contract',
    exitCodes: '## Exit codes',
    helpExitTitle: enCommon['exit.title'],
    sandboxKeysRefused: /sandbox's own keys/,
  },
  {
    file: 'README.th.md',
    env: { SMSCTL_LANG: 'th' },
    jsonContract: '## ใช้ในสคริปต์: ข้อตกลงของผลลัพธ์ JSON',
    exitCodes: '## รหัสการจบการทำงาน (exit code)',
    helpExitTitle: thCommon['exit.title'] as string,
    // Flag names stay as typed in every language.
    sandboxKeysRefused: /--set-key/,
  },
];

// ---------------------------------------------------------------------------------------
// Reading the README

interface Block {
  lang: string;
  /** 1-based line number of the opening fence. */
  line: number;
  lines: string[];
}

function fencedBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    blocks.push({ lang: open[1]!, line: start + 1, lines: body });
  }
  return blocks;
}

/** A line split into its code and its trailing comment (a `#` outside quotes, at a word start). */
function splitComment(line: string): { code: string; comment: string | undefined } {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return { code: line.slice(0, i).trimEnd(), comment: line.slice(i + 1).trim() };
  }
  return { code: line.trimEnd(), comment: undefined };
}

/** Shell words, with the operators | || && ; > >> < as words of their own. */
function shellWords(code: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  const end = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\') word = (word ?? '') + (code[++i] ?? '');
    else if (/\s/.test(c)) end();
    else if ('|&;<>'.includes(c)) {
      if (c === '>' && word !== undefined && /^\d$/.test(word)) word += c; // 2>
      else end();
      let op = c;
      while (i + 1 < code.length && '|&>'.includes(code[i + 1]!) && (op + code[i + 1]).length <= 2) op += code[++i];
      if (word !== undefined) {
        word += op.slice(1);
        end();
      } else words.push(op);
    } else word = (word ?? '') + c;
  }
  end();
  return words;
}

const OPERATORS = new Set(['|', '||', '&&', ';', '&']);
const REDIRECTS = /^\d?>>?$|^<$/;

/** The words of the smsctl command in a line (after `smsctl`), or undefined when it runs none. */
function smsctlWords(code: string): string[] | undefined {
  const words = shellWords(code);
  let segment: string[] = [];
  const segments: string[][] = [];
  for (const w of words) {
    if (OPERATORS.has(w)) {
      segments.push(segment);
      segment = [];
    } else segment.push(w);
  }
  segments.push(segment);
  for (const s of segments) {
    let i = 0;
    while (i < s.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(s[i]!)) i++;
    if (s[i] === 'smsctl') {
      const rest: string[] = [];
      for (let j = i + 1; j < s.length; j++) {
        if (REDIRECTS.test(s[j]!)) j++;
        else rest.push(s[j]!);
      }
      return rest;
    }
  }
  return undefined;
}

/** The command path (`profile add`, `send`) of smsctl's words, global flags left out. */
function commandOf(words: string[]): { path: string; args: string[] } {
  const rest = [...words];
  while (rest.length && rest[0]!.startsWith('-')) {
    const flag = rest.shift()!;
    if (flag === '--profile' || flag === '-p' || flag === '--lang') rest.shift();
  }
  const groups = ['profile', 'runs', 'otp', 'sandbox'];
  const n = groups.includes(rest[0] ?? '') ? 2 : 1;
  return { path: rest.slice(0, n).join(' '), args: rest.slice(n) };
}

/** The targets of `>` and `>>` redirections, as written. */
function redirectTargets(code: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\s)\d?>>?\s*("[^"]*"|'[^']*'|[^\s|;&]+)/g;
  for (let m = re.exec(code); m; m = re.exec(code)) out.push(m[1]!);
  return out;
}

interface Step {
  /** README line number. */
  at: number;
  /** As written in the README. */
  text: string;
  code: string;
  expectedExit: number;
  kind: 'line' | 'serve' | 'follow' | 'cron';
}

interface Read {
  text: string;
  blocks: Block[];
  steps: Step[];
  /** Lines of ```sh blocks that run no smsctl (npm, git clone, …). */
  skipped: string[];
}

function readGuide(file: string): Read {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const blocks = fencedBlocks(text);
  const steps: Step[] = [];
  const skipped: string[] = [];
  for (const b of blocks) {
    if (b.lang === 'cron') {
      b.lines.forEach((l, i) => {
        if (!l.trim() || l.trim().startsWith('#')) return;
        const command = l.trim().replace(/^(\S+\s+){5}/, ''); // the five schedule fields
        steps.push({ at: b.line + 1 + i, text: l, code: command, expectedExit: 0, kind: 'cron' });
      });
      continue;
    }
    if (b.lang !== 'sh') continue;
    b.lines.forEach((l, i) => {
      const { code, comment } = splitComment(l);
      if (!code.trim()) return;
      const words = smsctlWords(code);
      if (!words) {
        skipped.push(code);
        return;
      }
      const marker = comment && /^exit (\d+)\b/.exec(comment);
      const path = commandOf(words).path;
      const kind = path === 'sandbox serve' ? 'serve' : path === 'sandbox inbox' && (words.includes('--follow') || words.includes('-f')) ? 'follow' : 'line';
      steps.push({ at: b.line + 1 + i, text: l, code, expectedExit: marker ? Number(marker[1]) : 0, kind });
    });
  }
  return { text, blocks, steps, skipped };
}

/** The text of a guide's section, from its heading to the next `## `. */
function section(read: Read, heading: string): string {
  const from = read.text.indexOf(`\n${heading}\n`);
  expect(from, `no "${heading}" section`).toBeGreaterThanOrEqual(0);
  const to = read.text.indexOf('\n## ', from + 1);
  return read.text.slice(from, to < 0 ? undefined : to);
}

/**
 * The field names a guide's JSON-contract table gives each command: every backticked name in
 * its row, and those of a row it refers to ("the `send --dry-run` fields").
 */
function documentedFields(read: Read, heading: string): Map<string, Set<string>> {
  const rows = new Map<string, string[]>();
  for (const line of section(read, heading).split('\n')) {
    const m = /^\| (`[^|]+`) \| (.+) \|$/.exec(line);
    if (!m) continue;
    const names = [...m[2]!.matchAll(/`([^`]+)`/g)].map((x) => x[1]!);
    for (const c of m[1]!.matchAll(/`([^`]+)`/g)) rows.set(c[1]!, names);
  }
  const out = new Map<string, Set<string>>();
  for (const [cmd, names] of rows) out.set(cmd, new Set(['ok', 'error', ...names.flatMap((n) => rows.get(n) ?? [n])]));
  return out;
}

/** Every key of a JSON document, nested ones too, except inside maps and free-form values. */
function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      // `body` is a request in the provider's own wire format.
      if (!['summary', 'byType', 'plan', 'unresolved', 'error', 'body'].includes(k)) keysOf(v, out);
    }
  }
  return out;
}

/** The JSON-contract row of a line's command: `send --dry-run` apart from `send`. */
function contractRow(words: string[]): string {
  const path = commandOf(words).path;
  return path === 'send' && words.includes('--dry-run') ? 'send --dry-run' : path;
}

// ---------------------------------------------------------------------------------------
// Substitutions

const RUN_ID = '20261201T093000-a1b2c3';
const REFERENCE = '9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73';
const OTP_TOKEN = 'PONHD3';
const OTP_CODE = '560430';
const SERVE_ADDRESS = '127.0.0.1:8787';
const SEPSMS_SANDBOX_KEY = 'sk_sep_sandbox_0000000000000000';

function inTwoDays(): string {
  return new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Prepared {
  script: string;
  expectedExit: number;
  expectStderr?: RegExp;
}

async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// ---------------------------------------------------------------------------------------
// Running a guide: its examples in order, in a scratch directory of its own

function describeGuide(guide: Guide, read: Read): void {
  const { blocks, steps, skipped } = read;
  let base: string;
  let home: string;
  let work: string;
  let env: Record<string, string>;
  let serve: { child: ChildProcess; out: () => string; exited: Promise<number | null> } | undefined;

  function start(script: string): { child: ChildProcess; out: () => string; err: () => string; exited: Promise<number | null> } {
    const child = spawn('bash', ['-c', script], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code));
    });
    return { child, out: () => out, err: () => err, exited };
  }

  async function bash(script: string, timeoutMs = 25_000): Promise<Result> {
    const p = start(script);
    const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
    const code = await p.exited;
    clearTimeout(timer);
    return { code, stdout: p.out(), stderr: p.err() };
  }

  /** A helper command of the test's own (not a guide's line), for the ids later lines need. */
  async function json(args: string): Promise<Record<string, unknown>> {
    const r = await bash(`smsctl ${args} --json`);
    expect(r.code, `smsctl ${args} --json: ${r.stderr}`).toBe(0);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  type Message = { reference: string; status: string };
  async function newestRun(): Promise<string> {
    const runs = (await json('runs list')).runs as { id: string }[];
    expect(runs.length).toBeGreaterThan(0);
    return runs[0]!.id;
  }
  async function messagesOf(run: string): Promise<Message[]> {
    return (await json(`status ${run}`)).messages as Message[];
  }
  async function scheduledReference(): Promise<string> {
    for (const run of (await json('runs list')).runs as { id: string }[]) {
      const m = (await messagesOf(run.id)).find((x) => x.status === 'scheduled');
      if (m) return m.reference;
    }
    throw new Error('no scheduled message for the cancel example: a --schedule send must come before it');
  }

  const state = {
    sandboxProfiles: new Set<string>(),
    serveUrl: undefined as string | undefined,
    otpToken: undefined as string | undefined,
    otpCode: undefined as string | undefined,
  };

  async function prepare(step: Step): Promise<Prepared> {
    let code = step.code;
    let expectedExit = step.expectedExit;
    let expectStderr: RegExp | undefined;
    const words = smsctlWords(code) ?? [];
    const { path, args } = commandOf(words);

    if (step.kind === 'cron') {
      expect(state.serveUrl, 'the cron job runs against the `sandbox serve` started earlier').toBeDefined();
      code = code
        .replace(/\s*\|\|.*$/, '')
        .replace('/usr/local/bin/smsctl', 'smsctl')
        .replace(/SMSCTL_API_KEY=\S+/, `SMSCTL_API_KEY=${SEPSMS_SANDBOX_KEY} SMSCTL_BASE_URL=${state.serveUrl}/sepsms/api/v2`);
    }
    code = code.replaceAll(' /data/', ' data/').replaceAll(' /var/log/', ' log/');

    if (path === 'profile add' && !words.includes('--sandbox')) {
      code = code.replace(/--provider (\S+)/, '--provider $1 --sandbox').replace(/\s--base-url\s+https:\/\/\S+/, '');
      state.sandboxProfiles.add(args[0]!);
    }
    if (path === 'profile edit' && state.sandboxProfiles.has(args[0]!) && words.includes('--set-key')) {
      expectedExit = 2;
      expectStderr = guide.sandboxKeysRefused;
    }
    if (code.includes(RUN_ID)) code = code.replaceAll(RUN_ID, await newestRun());
    if (code.includes(REFERENCE)) {
      const ref = path === 'cancel' ? await scheduledReference() : (await messagesOf(await newestRun()))[0]!.reference;
      code = code.replaceAll(REFERENCE, ref);
    }
    code = code.replace(/(--schedule\s+"?)\d{4}-\d{2}-\d{2}/, `$1${inTwoDays()}`);
    if (code.includes(OTP_TOKEN)) {
      expect(state.otpToken, 'an `otp send` line must come before the token is used').toBeDefined();
      code = code.replaceAll(OTP_TOKEN, state.otpToken!);
    }
    if (code.includes(OTP_CODE)) {
      expect(state.otpCode, 'a `sandbox inbox` line showing the code must come before it is used').toBeDefined();
      code = code.replaceAll(OTP_CODE, state.otpCode!);
    }
    if (step.kind === 'serve') code = code.replace(/--port\s+\d+/, '--port 0');
    if (code.includes(SERVE_ADDRESS)) {
      expect(state.serveUrl, '`sandbox serve` must be started before a line uses its address').toBeDefined();
      code = code.replaceAll(`http://${SERVE_ADDRESS}`, state.serveUrl!);
    }
    code = code.replaceAll('${fpath[1]}', '$HOME/.zfunc');

    // Nothing may leave the machine: every URL left is a local sandbox.
    expect(code, 'an example would reach a real provider').not.toMatch(/https:\/\//);
    for (const u of code.match(/http:\/\/[^\s"']+/g) ?? []) expect(u).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);

    const mkdirs = redirectTargets(code).map((t) => `mkdir -p -- "$(dirname -- ${t})" && `);
    const script = `${mkdirs.join('')}${step.kind === 'serve' || step.kind === 'follow' ? 'exec ' : ''}${code}`;
    return { script, expectedExit, expectStderr };
  }

  /** What later lines need from this one's output. */
  function remember(step: Step, r: Result): void {
    const words = smsctlWords(step.code) ?? [];
    const { path } = commandOf(words);
    if (path === 'otp send' && !words.includes('--json')) state.otpToken = r.stdout.trim();
    if (path === 'sandbox inbox') {
      // The SMS text is the provider's own (the sandbox's), English in every language.
      const codes = [...r.stdout.matchAll(/code is (\d{4,8})/g)];
      if (codes.length) state.otpCode = codes.at(-1)![1];
    }
  }

  const FIELDS = documentedFields(read, guide.jsonContract);

  /** A document a guide's line printed has only the fields the guide's table gives its command. */
  function checkFields(words: string[], doc: unknown): void {
    const row = contractRow(words);
    const documented = FIELDS.get(row);
    expect(documented, `the JSON-contract table has no row for ${row}`).toBeDefined();
    expect([...keysOf(doc)].filter((k) => !documented!.has(k)), `fields of ${row} --json missing from the ${guide.file} table`).toEqual([]);
  }

  function checkJson(step: Step, r: Result): void {
    const words = smsctlWords(step.code) ?? [];
    if (!words.includes('--json') || step.kind !== 'line' || redirectTargets(step.code).length > 0 || /\|\s*\S/.test(step.code.split('smsctl').at(-1)!)) return;
    let doc: { ok?: unknown };
    try {
      doc = JSON.parse(r.stdout) as { ok?: unknown };
    } catch {
      throw new Error(`stdout is not one JSON document:\n${r.stdout}`);
    }
    expect(doc.ok).toBe(r.code === 0);
    if (commandOf(words).path !== 'recipients') expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    checkFields(words, doc);
  }

  // Both guides at once (each in its own HOME, scratch directory and sandbox): the run takes
  // about as long as the longer of them instead of the two added up. Inside, in order.
  describe.concurrent(guide.file, () => {
    beforeAll(() => {
      base = mkdtempSync(join(tmpdir(), 'smsctl-readme-'));
      home = join(base, 'home');
      work = join(base, 'work');
      const bin = join(base, 'bin');
      for (const d of [home, work, bin, join(work, 'data')]) mkdirSync(d, { recursive: true });
      writeFileSync(join(bin, 'smsctl'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
      chmodSync(join(bin, 'smsctl'), 0o755);
      symlinkSync(join(ROOT, 'fixtures'), join(work, 'fixtures'));
      const contacts = readFileSync(join(ROOT, 'fixtures', 'contacts.csv'), 'utf8');
      writeFileSync(join(work, 'list.csv'), contacts);
      writeFileSync(join(work, 'data', 'weekly.csv'), contacts);
      writeFileSync(join(work, 'data', 'weekly.txt'), 'ขอบคุณที่เป็นลูกค้าของเรา โปรโมชันประจำสัปดาห์รออยู่ที่ร้าน\n');
      copyFileSync(join(ROOT, 'fixtures', 'message.txt'), join(work, 'promo.txt'));
      // The same rows with one more column, a phone column that is found only by --phone-column.
      const rows = contacts.trimEnd().split('\n');
      const customers = rows.map((r, i) => (i === 0 ? `${r},Mobile No` : `${r},${/^[^,]*,("[^"]*"|[^,]*)/.exec(r)![1]}`));
      writeFileSync(join(work, 'customers.csv'), customers.join('\n') + '\n');
      env = {
        PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
        HOME: home,
        SMSCTL_CONFIG_DIR: join(home, '.config', 'smsctl'),
        CI: 'true',
        // A closed port: an https:// request to a real provider fails here instead of leaving the machine.
        HTTPS_PROXY: 'http://127.0.0.1:9',
        TBS_KEY: 'tbs_key_readme000000000000',
        TBS_SECRET: 'tbs_secret_readme00000000000',
        ...guide.env,
      };
    });

    afterAll(() => {
      if (serve && serve.child.exitCode === null) serve.child.kill('SIGKILL');
      rmSync(base, { recursive: true, force: true });
    });

    it('tags every fenced block: sh (run below), cron, json or text', () => {
      const untagged = blocks.filter((b) => !['sh', 'cron', 'json', 'text'].includes(b.lang)).map((b) => `${guide.file}:${b.line} \`\`\`${b.lang}`);
      expect(untagged).toEqual([]);
    });

    it('has the two Quick start commands', () => {
      const quick = blocks.find((b) => b.lang === 'sh' && b.lines.some((l) => l.startsWith('npm install && npm run demo')));
      expect(quick?.lines.map((l) => splitComment(l).code)).toEqual(['npm install && npm run demo', 'npm install && npm test']);
    });

    it('skips only lines that run no smsctl', () => {
      expect(steps.length).toBeGreaterThan(40);
      for (const s of skipped) expect(s).toMatch(/^(npm |git clone |npx |curl )/);
    });

    it('documents the fields of every --json command', () => {
      const commands = ['send --dry-run', 'send', 'balance', 'runs list', 'runs show', 'runs close', 'status', 'recipients', 'cancel', 'otp send', 'otp verify', 'profile list', 'profile show', 'profile test', 'sandbox inbox'];
      expect(commands.filter((c) => !FIELDS.has(c))).toEqual([]);
    });

    it('has the exit-code table that smsctl --help prints', async () => {
      const help = await bash('smsctl --help');
      expect(help.code).toBe(0);
      const lines = help.stdout.split('\n');
      expect(lines, `smsctl --help has no "${guide.helpExitTitle}" line`).toContain(guide.helpExitTitle);
      const fromHelp = lines
        .slice(lines.indexOf(guide.helpExitTitle) + 1)
        .map((l) => /^\s+(\d+)\s{2}(.+)$/.exec(l))
        .filter((m) => m !== null)
        .map((m) => [Number(m[1]), m[2]!.trim()]);
      const fromGuide = section(read, guide.exitCodes)
        .split('\n')
        .map((l) => /^\|\s*(\d+)\s*\|\s*(.+?)\s*\|$/.exec(l))
        .filter((m) => m !== null)
        .map((m) => [Number(m[1]), m[2]!]);
      expect(fromHelp.length).toBeGreaterThan(10);
      expect(fromGuide).toEqual(fromHelp);
    });

    describe.sequential('every smsctl example, in order, against the sandbox', () => {
      for (const step of steps) {
        it(`${guide.file}:${step.at}  ${step.text.trim()}`, async () => {
          const p = await prepare(step);
          let r: Result;
          if (step.kind === 'serve') {
            const s = start(p.script);
            serve = { child: s.child, out: () => s.out() + s.err(), exited: s.exited };
            // Its first address, whole (a digit after it would be a port still arriving), in any language.
            const address = () => /(http:\/\/127\.0\.0\.1:\d+)(?=\D)/.exec(s.out() + s.err())?.[1];
            await until('sandbox serve to print its address', () => address() !== undefined || s.child.exitCode !== null);
            expect(s.child.exitCode, s.err()).toBeNull();
            state.serveUrl = address();
            return; // stopped by the last test, with SIGINT
          }
          if (step.kind === 'follow') {
            const f = start(p.script);
            await until('the first message of --follow', () => f.out().includes('\n') || f.child.exitCode !== null);
            f.child.kill('SIGINT');
            r = { code: await f.exited, stdout: f.out(), stderr: f.err() };
          } else {
            r = await bash(p.script);
          }
          const shown = `$ ${p.script}\n[exit ${r.code}]\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
          expect(r.code, shown).toBe(p.expectedExit);
          if (p.expectStderr) expect(r.stderr, shown).toMatch(p.expectStderr);
          checkJson(step, r);
          remember(step, r);
          if (step.kind === 'cron') {
            const log = readFileSync(join(work, 'log', 'smsctl.jsonl'), 'utf8').trimEnd().split('\n');
            const doc = JSON.parse(log.at(-1)!) as unknown;
            expect(doc).toMatchObject({ ok: true, provider: 'sepsms', profile: '(environment)', sent: { recipients: 282 } });
            checkFields(['send'], doc);
          }
        });
      }

      it('sandbox serve stops on Ctrl-C with exit 0', async () => {
        expect(serve, `${guide.file} starts a sandbox serve`).toBeDefined();
        serve!.child.kill('SIGINT');
        expect(await serve!.exited, serve!.out()).toBe(0);
      });
    });
  });
}

// ---------------------------------------------------------------------------------------

const READ = new Map(GUIDES.map((g) => [g.file, readGuide(g.file)]));
for (const guide of GUIDES) describeGuide(guide, READ.get(guide.file)!);

describe('README.th.md beside README.md', () => {
  const [en, th] = GUIDES.map((g) => READ.get(g.file)!);

  it('has every example of README.md, as typed', () => {
    const lines = (r: Read) => [...r.steps.map((s) => s.code), ...r.skipped];
    const thai = new Set(lines(th!));
    expect(lines(en!).filter((l) => !thai.has(l))).toEqual([]);
  });

  it('documents the same --json fields', () => {
    expect(documentedFields(th!, GUIDES[1]!.jsonContract)).toEqual(documentedFields(en!, GUIDES[0]!.jsonContract));
  });
});
