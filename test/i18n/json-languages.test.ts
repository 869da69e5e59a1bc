/**
 * Scripts get one contract whatever the language (issue 16): every --json command prints the
 * same bytes in English and in Thai, apart from free-text `message` fields; exit codes are the
 * same; and the human lines on stderr do change (the Thai run is not silently English).
 *
 * Read-only commands run twice on the same state, once per language, and must match exactly.
 * Commands that change state (a real send, an OTP) run once per language and match once their
 * fresh ids and times are masked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { fakeContext, run } from '../helpers/context.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smsctl-json-lang-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const inLang = (lang: 'en' | 'th', args: string[], env: NodeJS.ProcessEnv = {}) => run([...args, '--json'], { configDir: dir, env: { ...env, SMSCTL_LANG: lang } });

/** Paths where two documents differ, except under a key named `message`. */
function differences(a: unknown, b: unknown, path = '$'): string[] {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) return [path];
  if (a && typeof a === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b as object);
    if (ka.join('\u0000') !== kb.join('\u0000')) return [`${path} keys ${ka.join(',')} / ${kb.join(',')}`];
    return ka.flatMap((k) => (k === 'message' && typeof (a as Record<string, unknown>)[k] === 'string' ? [] : differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`)));
  }
  return a === b ? [] : [`${path}: ${JSON.stringify(a)} / ${JSON.stringify(b)}`];
}

/** Fresh ids and times, which differ between two real sends whatever the language. */
function masked(text: string): string {
  return text
    .replace(/\d{8}T\d{6}-[0-9a-f]{6}/g, 'RUN')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'REF')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g, 'TIME')
    .replace(/"(\w+Ms)":\d+/g, '"$1":0')
    .replace(/"(token|code|journal|report|path|elapsedMs|ms|durationMs|sentAt|id|balance|balanceAfter|refno|ref|reference)":("[^"]*"|\d+)/g, '"$1":"…"');
}

async function sameInBothLanguages(args: string[], opts: { env?: NodeJS.ProcessEnv; mask?: boolean } = {}) {
  const en = await inLang('en', args, opts.env);
  const th = await inLang('th', args, opts.env);
  expect(th.code, `${args.join(' ')}: exit code`).toBe(en.code);
  const fix = opts.mask ? masked : (s: string) => s;
  const [a, b] = [JSON.parse(fix(en.stdout)) as unknown, JSON.parse(fix(th.stdout)) as unknown];
  expect(differences(a, b), `${args.join(' ')}: --json differs between en and th`).toEqual([]);
  if (!opts.mask) {
    // Byte for byte, apart from the messages themselves.
    const blank = (doc: unknown): string => JSON.stringify(doc, (k, v: unknown) => (k === 'message' && typeof v === 'string' ? '' : v));
    expect(blank(JSON.parse(th.stdout))).toBe(blank(JSON.parse(en.stdout)));
    expect(th.stdout.includes('\n  ')).toBe(en.stdout.includes('\n  '));
  }
  return { en, th };
}

const covered = new Set<string>();
function jsonCommands(cmd: Command, path: string[] = []): string[] {
  return cmd.commands.flatMap((c) => {
    const p = [...path, c.name()];
    return [...(c.options.some((o) => o.long === '--json') ? [p.join(' ')] : []), ...jsonCommands(c, p)];
  });
}

describe('--json is the same in English and Thai', () => {
  const sb = ['--profile', 'sandbox'];
  let runId = '';
  let ref = '';
  const step = async (path: string, args: string[], opts?: { env?: NodeJS.ProcessEnv; mask?: boolean }) => {
    covered.add(path);
    return sameInBothLanguages(args, opts);
  };

  it('for commands that change state (ids and times masked)', async () => {
    const { en } = await step('send', [...sb, 'send', '--to', '0812345678,0898765432', '-m', 'hello', '--yes'], { mask: true });
    const sent = JSON.parse(en.stdout) as { runId: string; references: string[] };
    runId = sent.runId;
    ref = sent.references[0]!;
    const later = new Date(Date.now() + 2 * 3600_000).toISOString();
    const schedule = async () => (JSON.parse((await inLang('en', [...sb, 'send', '--to', '0812345678', '-m', 'later', '--schedule', later, '--yes'])).stdout) as { references: string[] }).references[0]!;
    covered.add('cancel');
    const [a, b] = [await schedule(), await schedule()];
    const ca = await inLang('en', [...sb, 'cancel', a, '--yes']);
    const cb = await inLang('th', [...sb, 'cancel', b, '--yes']);
    expect(differences(JSON.parse(masked(ca.stdout)), JSON.parse(masked(cb.stdout)))).toEqual([]);
    expect((await run(['profile', 'add', 'dev', '--provider', 'sepsms', '--sandbox'], { configDir: dir })).code).toBe(0);
    await step('otp send', ['--profile', 'dev', 'otp', 'send', '0812345678'], { mask: true });
    await step('otp test', ['--profile', 'dev', 'otp', 'test', '0812345678', '--auto'], { mask: true });
    const token = (JSON.parse((await inLang('en', ['--profile', 'dev', 'otp', 'send', '0812345678'])).stdout) as { token: string }).token;
    covered.add('otp verify');
    const wrongEn = await inLang('en', ['--profile', 'dev', 'otp', 'verify', token, '000000']);
    const wrongTh = await inLang('th', ['--profile', 'dev', 'otp', 'verify', token, '000000']);
    expect(wrongTh.code).toBe(wrongEn.code);
    // The second wrong try has one attempt fewer left: compare the shape and the reason.
    const [we, wt] = [JSON.parse(wrongEn.stdout) as Record<string, unknown>, JSON.parse(wrongTh.stdout) as Record<string, unknown>];
    expect(Object.keys(wt)).toEqual(Object.keys(we));
    expect(wt.reason).toBe(we.reason);
    expect((wt.error as { code: string }).code).toBe((we.error as { code: string }).code);
    await step('sandbox webhooks add', ['sandbox', 'webhooks', 'add', 'http://127.0.0.1:9/hook', '--events', 'dr.success', '--secret', 'whsec_same_in_both_languages'], { mask: true });
  });

  it('for commands that read (byte for byte)', async () => {
    // The sandbox delivers 1.5 s after a send: let the statuses settle so both runs read the same.
    await new Promise((r) => setTimeout(r, 2000));
    await step('send --dry-run', [...sb, 'send', '--csv', 'fixtures/contacts.csv', '-m', 'Hi {{name}}', '--dry-run']);
    await step('preview-cost', [...sb, 'preview-cost', '--csv', 'fixtures/contacts.csv', '-m', 'Hi {{name}}']);
    await step('balance', [...sb, 'balance']);
    await step('status', [...sb, 'status', runId]);
    await step('recipients', [...sb, 'recipients', ref]);
    await step('runs list', ['runs', 'list']);
    await step('runs show', ['runs', 'show', runId]);
    await step('messages', [...sb, 'messages', '--limit', '5']);
    await step('senders', [...sb, 'senders']);
    await step('profile list', ['profile', 'list']);
    await step('profile show', ['profile', 'show', 'dev']);
    await step('profile test', ['profile', 'test', 'dev']);
    await step('sandbox inbox', ['sandbox', 'inbox', '--msisdn', '0812345678']);
    await step('sandbox webhooks list', ['sandbox', 'webhooks', 'list']);
  });

  it.each([
    ['an unknown flag', ['send', '--bogus=x']],
    ['a key pasted as a flag', ['send', '--api-key=sk_sep_pasted1234567890']],
    ['no such profile', ['--profile', 'nope', 'balance']],
    ['no such run', ['runs', 'show', '20260101T000000-000000']],
    ['a send without --yes and no terminal', ['--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'hi']],
    ['an invalid schedule', ['--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'hi', '--schedule', 'tomorrow', '--dry-run']],
    ['a missing file', ['--profile', 'sandbox', 'send', '--csv', 'no-such.csv', '-m', 'hi', '--dry-run']],
  ])('for a failure: %s', async (_what, args) => {
    const { en, th } = await sameInBothLanguages(args);
    expect(en.code).not.toBe(0);
    expect(th.stderr, 'the Thai error line is not the English one').not.toBe(en.stderr);
  });

  it('covers every command with --json that can run without a network', () => {
    const program = buildProgram(fakeContext({ configDir: dir }).ctx);
    // Long-running or network-facing: their JSON lines are checked by their own tests.
    const elsewhere = new Set(['webhook listen', 'webhook verify', 'webhook trigger', 'sandbox webhooks remove', 'runs close', 'profile add', 'profile edit', 'profile remove', 'profile use']);
    const missing = jsonCommands(program).filter((c) => !covered.has(c) && !elsewhere.has(c));
    expect(missing).toEqual([]);
  });
});
