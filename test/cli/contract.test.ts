/**
 * The contract scripts rely on: every command with --json prints exactly one JSON document
 * in the envelope ({"ok":true,…} or {"ok":false,…,"error":{kind,code,message}}), with the
 * fields the README documents; every failure has its documented exit code, one
 * "smsctl: error:" line on stderr, and the same envelope under --json.
 */
import { createServer, type Server } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import type { Command } from 'commander';
import { EXIT_CODES } from '../../src/errors.js';
import { fakeContext, run } from '../helpers/context.js';
import { shapeErrors, type Shape } from '../helpers/shape.js';

const n = 'number';
const s = 'string';
const tally: Shape = { requests: n, recipients: n };
const ERROR: Shape = { kind: s, code: s, message: s, status: { optional: n }, providerCode: { optional: s }, providerMessage: { optional: s } };
const PLAN: Record<string, Shape> = {
  provider: s,
  sandbox: 'boolean',
  profile: s,
  sender: 'string|null',
  scheduledAt: 'string|null',
  recipients: { total: n, valid: n, invalid: n, duplicates: n, excluded: n, droppedLeadingZero: n, invalidRows: [{ row: n, value: s, reason: s }], invalidRowsOmitted: n },
  distinctTexts: n,
  parts: { min: n, max: n, encodings: [s] },
  credits: n,
  balance: 'number|null',
  requestsPlanned: n,
  pace: { concurrency: n, rate: s },
  // Only when the send has per-provider options (ThaiBulkSMS --credit-type, --tag, …).
  options: { optional: 'any' },
  // Only with --group / --template-id (ME-SMS).
  contactGroupId: { optional: n },
  templateId: { optional: s },
  // --personalise provider (SEPSMS).
  personalise: { optional: s },
  // A dry run only: the first requests' bodies.
  requests: { optional: [{ recipients: n, body: 'any', numbersOmitted: { optional: n } }] },
  requestsOmitted: { optional: n },
};
const RUN_SUMMARY: Record<string, Shape> = {
  id: s,
  status: s,
  createdAt: s,
  profile: s,
  provider: s,
  sandbox: 'boolean',
  recipients: { total: n, sent: n, failed: n, unknown: n, notSent: n, rejectedByProvider: n },
  requests: { total: n, sent: n, failed: n, unknown: n, notSent: n },
};
const PROFILE: Record<string, Shape> = {
  name: s,
  provider: s,
  default: 'boolean',
  builtIn: 'boolean',
  sandbox: 'boolean',
  sender: 'string|null',
  baseUrl: 'string|null',
  otpBaseUrl: 'string|null',
  batchSize: 'number|null',
  excludeFile: 'string|null',
  language: 'string|null',
  apiKey: 'string|null',
  apiSecret: { optional: 'string|null' },
  otpKey: { optional: 'string|null' },
  otpSecret: { optional: 'string|null' },
  creditType: { optional: 'string|null' },
  rate: { optional: 'string|null' },
  concurrency: { optional: 'number|null' },
  webhookSecret: 'string|null',
};
const WEBHOOK: Record<string, Shape> = { id: s, url: s, events: [s], secret: s, createdAt: s };

/** The documented --json shape of each command, by command path. */
const SCHEMAS: Record<string, Shape> = {
  'send --dry-run': { ok: 'boolean', dryRun: 'boolean', ...PLAN },
  send: {
    ok: 'boolean',
    dryRun: 'boolean',
    runId: s,
    resumed: 'boolean',
    ...PLAN,
    sent: tally,
    failed: tally,
    unknown: tally,
    notSent: tally,
    rejectedByProvider: { recipients: n },
    resolvedByProvider: n,
    // null beyond 1,000 requests: the report has them all.
    references: 'array|null',
    stoppedBy: 'string|null',
    unresolved: ['any'],
    resume: 'string|null',
    report: 'string|null',
    journal: s,
  },
  balance: { ok: 'boolean', profile: s, provider: s, balance: n, byType: { optional: { record: n } } },
  'runs list': { ok: 'boolean', runs: [RUN_SUMMARY] },
  'runs show': {
    ok: 'boolean',
    ...RUN_SUMMARY,
    sender: 'string|null',
    scheduledAt: 'string|null',
    message: s,
    input: { kind: s, name: s, sha256: s },
    plan: 'any',
    resume: 'string|null',
    closed: 'string|null',
    report: 'string|null',
  },
  'runs close': { ok: 'boolean', id: s, status: s, left: { failed: tally, unknown: tally, notSent: tally } },
  status: {
    ok: 'boolean',
    runId: 'string|null',
    provider: s,
    profile: s,
    total: n,
    final: 'boolean',
    summary: { record: n },
    messages: [{ reference: s, refNo: { optional: s }, status: s, sender: { optional: s }, content: { optional: s }, totalMsisdn: n, totalCredit: { optional: n }, createdAt: { optional: s }, scheduledAt: { optional: 'string|null' }, drSummary: [{ status: s, count: n }] }],
  },
  recipients: {
    ok: 'boolean',
    reference: { optional: s },
    runId: { optional: s },
    recipients: { optional: [{ msisdn: s, status: s, reference: { optional: s } }] },
    output: { optional: s },
    format: { optional: s },
    count: n,
    summary: { record: n },
  },
  cancel: { ok: 'boolean', reference: s, status: s, refundedCredit: { optional: n }, sender: 'string|null', scheduledAt: 'string|null', recipients: n },
  'preview-cost': {
    ok: 'boolean',
    provider: s,
    sandbox: 'boolean',
    profile: s,
    source: { kind: s, name: s },
    recipients: PLAN.recipients!,
    distinctTexts: n,
    characters: { min: n, max: n },
    parts: PLAN.parts!,
    credits: n,
    balance: 'number|null',
    balanceSufficient: 'boolean|null',
    costliestRows: [{ row: n, msisdn: s, parts: n, characters: n, encoding: s, text: s }],
    providerPreview: {
      asked: 'boolean',
      reason: 'string|null',
      requests: n,
      totalMsisdn: 'number|null',
      totalCredit: 'number|null',
      parts: 'object|null',
      encodings: [s],
      agrees: 'boolean|null',
    },
    warnings: [s],
  },
  messages: {
    ok: 'boolean',
    provider: s,
    profile: s,
    total: n,
    messages: [{ reference: s, refNo: 'string|null', status: s, sender: 'string|null', content: 'string|null', totalMsisdn: n, createdAt: 'string|null', scheduledAt: 'string|null', drSummary: [{ status: s, count: n }] }],
  },
  senders: { ok: 'boolean', provider: s, profile: s, senders: [{ name: s, status: s }] },
  'otp send': { ok: 'boolean', msisdn: s, token: s, refno: { optional: s }, expiresAt: { optional: s } },
  'otp verify': { ok: 'boolean', reference: s, verified: 'boolean', reason: { optional: s } },
  'otp test': { ok: 'boolean', msisdn: s, token: s, refno: { optional: s }, expiresAt: { optional: s }, verified: 'boolean', reason: { optional: s }, timings: { sendMs: n, verifyMs: n } },
  'profile list': { ok: 'boolean', profiles: [PROFILE] },
  'profile show': { ok: 'boolean', ...PROFILE },
  'profile test': { ok: 'boolean', profile: s, provider: s, balance: n },
  'sandbox inbox': { ok: 'boolean', messages: [{ msisdn: s, text: s, sender: s, provider: s, at: s }] },
  // The envelope that ends the NDJSON stream at Ctrl-C (the event lines: test/e2e/webhook-listen.test.ts).
  'webhook listen': { ok: 'boolean', received: n, verified: n, callbacks: n, rejected: n, duplicates: n, forwarded: n, forwardFailed: n },
  'sandbox webhooks add': { ok: 'boolean', webhook: WEBHOOK },
  'sandbox webhooks list': { ok: 'boolean', webhooks: [WEBHOOK] },
  'sandbox webhooks remove': { ok: 'boolean', removed: WEBHOOK },
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smsctl-contract-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => run(args, { configDir: dir, env });
async function json(args: string[], env?: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const r = await cli([...args, '--json'], env);
  // Exactly one document: one line when piped.
  expect(r.stdout.trim().split('\n').length === 1 || r.stdout.trim().startsWith('{')).toBe(true);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}
function conforms(doc: unknown, schema: string) {
  expect(shapeErrors(doc, SCHEMAS[schema]!)).toEqual([]);
}

function jsonCommands(cmd: Command, path: string[] = []): string[] {
  return cmd.commands.flatMap((c) => {
    const p = [...path, c.name()];
    return [...(c.options.some((o) => o.long === '--json') ? [p.join(' ')] : []), ...jsonCommands(c, p)];
  });
}

describe('every --json command prints one envelope with its documented fields', () => {
  it('covers every command that has --json (a new one needs a schema here and in the README)', () => {
    const program = buildProgram(fakeContext({ configDir: dir }).ctx);
    expect(jsonCommands(program).filter((c) => !(c in SCHEMAS)).sort()).toEqual([]);
  });

  it('send, balance, status, recipients, cancel, runs, otp, profile, sandbox inbox', async () => {
    const sb = ['--profile', 'sandbox'];
    const dry = await json([...sb, 'send', '--to', '0812345678,0898765432', '-m', 'hello', '--dry-run']);
    expect(dry.ok).toBe(true);
    conforms(dry, 'send --dry-run');
    const sent = await json([...sb, 'send', '--to', '0812345678,0898765432', '-m', 'hello', '--yes']);
    expect(sent).toMatchObject({ ok: true, sent: { requests: 1, recipients: 2 } });
    conforms(sent, 'send');
    conforms(await json([...sb, 'balance']), 'balance');
    const status = await json([...sb, 'status']);
    conforms(status, 'status');
    const ref = (sent.references as string[])[0]!;
    const recipients = await json([...sb, 'recipients', ref]);
    expect(recipients).toMatchObject({ ok: true, recipients: [{ msisdn: '66812345678' }, { msisdn: '66898765432' }] });
    conforms(recipients, 'recipients');
    const exported = await json([...sb, 'recipients', sent.runId as string, '--output', join(dir, 'recipients.csv')]);
    expect(exported).toMatchObject({ ok: true, runId: sent.runId, format: 'csv', count: 2 });
    conforms(exported, 'recipients');
    const later = new Date(Date.now() + 2 * 3600_000).toISOString();
    const scheduled = await json([...sb, 'send', '--to', '0812345678', '-m', 'later', '--schedule', later, '--yes']);
    conforms(await json([...sb, 'cancel', (scheduled.references as string[])[0]!, '--yes']), 'cancel');
    const runs = await json(['runs', 'list']);
    conforms(runs, 'runs list');
    conforms(await json(['runs', 'show', sent.runId as string]), 'runs show');
    conforms(await json(['runs', 'close', sent.runId as string]), 'runs close');
    expect((await cli(['profile', 'add', 'dev', '--provider', 'sepsms', '--sandbox'])).code).toBe(0);
    const otp = await json(['--profile', 'dev', 'otp', 'send', '0812345678']);
    conforms(otp, 'otp send');
    expect(otp.expiresAt).toMatch(/\+07:00$/);
    const wrong = await json(['--profile', 'dev', 'otp', 'verify', otp.token as string, '000000']);
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'otp_not_verified' } });
    const { error: _error, ...withoutError } = wrong;
    conforms(withoutError, 'otp verify');
    const checked = await json(['--profile', 'dev', 'otp', 'test', '0812345678', '--auto']);
    expect(checked).toMatchObject({ ok: true, verified: true });
    conforms(checked, 'otp test');
    conforms(await json(['profile', 'list']), 'profile list');
    conforms(await json(['profile', 'show', 'dev']), 'profile show');
    conforms(await json(['profile', 'test', 'dev']), 'profile test');
    const inbox = await json(['sandbox', 'inbox', '--msisdn', '0812345678']);
    conforms(inbox, 'sandbox inbox');
    const hook = await json(['sandbox', 'webhooks', 'add', 'http://127.0.0.1:9/hook', '--events', 'dr.success']);
    conforms(hook, 'sandbox webhooks add');
    conforms(await json(['sandbox', 'webhooks', 'list']), 'sandbox webhooks list');
    conforms(await json(['sandbox', 'webhooks', 'remove', (hook.webhook as { id: string }).id]), 'sandbox webhooks remove');
    // One format for numbers in everything a user reads or feeds back.
    expect((inbox.messages as { msisdn: string }[]).every((m) => m.msisdn === '66812345678')).toBe(true);
  });
});

describe('preview-cost, messages and senders print their documented fields', () => {
  it('on the ME-SMS sandbox, and preview-cost on a provider without a preview', async () => {
    const sb = ['--profile', 'sandbox'];
    const preview = await json([...sb, 'preview-cost', '--csv', 'fixtures/contacts.csv', '-m', 'Hi {{name}}']);
    expect(preview).toMatchObject({ ok: true, providerPreview: { asked: true, agrees: true } });
    conforms(preview, 'preview-cost');
    conforms(await json([...sb, 'preview-cost', '--group', '2', '-m', 'hello']), 'preview-cost');
    expect((await cli(['profile', 'add', 'tbs-sb', '--provider', 'thaibulksms', '--sandbox'])).code).toBe(0);
    const local = await json(['--profile', 'tbs-sb', 'preview-cost', '--to', '0812345678', '-m', 'hello']);
    expect(local).toMatchObject({ ok: true, credits: 1, providerPreview: { asked: false, agrees: null } });
    conforms(local, 'preview-cost');
    await json([...sb, 'send', '--to', '0812345678', '-m', 'listed', '--yes']);
    conforms(await json([...sb, 'messages', '--limit', '1']), 'messages');
    conforms(await json([...sb, 'senders']), 'senders');
  });
});

/** A port something is already listening on. */
function busyPort(): Promise<{ port: number; server: Server }> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, server }));
  });
}

const sepEnv = { SMSCTL_PROVIDER: 'sepsms', SMSCTL_API_KEY: 'sk_sep_contract0000000000', SMSCTL_BASE_URL: 'http://127.0.0.1:9' }; // never reached: each row fails first

describe('every failure: its exit code, one error line, the envelope under --json', () => {
  const folder = () => {
    const d = join(dir, 'a-folder');
    mkdirSync(d, { recursive: true });
    return d;
  };
  // The last column: the command has no --json, or --json would become the missing value.
  const rows: [string, () => string[], NodeJS.ProcessEnv, number, string, RegExp, ('no-json' | undefined)?][] = [
    ['an unknown flag', () => ['send', '--bogus=x'], {}, EXIT_CODES.usage, 'UNKNOWN_OPTION', /unknown option --bogus — see smsctl send --help/],
    ['a key pasted as a flag', () => ['send', '--api-key=sk_sep_pasted1234567890'], {}, EXIT_CODES.usage, 'SECRET_FLAG', /^--api-key: secrets are never taken as flags/],
    ['a flag where a value belongs', () => ['--profile', 'sandbox', 'send', '--to', '0812345678', '--yes', '-m', '--dry-run'], {}, EXIT_CODES.usage, 'FLAG_AS_VALUE', /-m\/--message needs a value, but got the flag --dry-run/],
    ['a number that is a flag', () => ['--profile', 'sandbox', 'send', '--to', '--yes', '-m', 'hi'], {}, EXIT_CODES.usage, 'FLAG_AS_VALUE', /--to needs a value/],
    ['a missing flag value', () => ['send', '--to'], {}, EXIT_CODES.usage, 'MISSING_FLAG_VALUE', /--to/, 'no-json'],
    ['--batch-size 0', () => ['--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'hi', '--batch-size', '0'], {}, EXIT_CODES.usage, 'BAD_FLAG', /--batch-size/],
    ['--timeout abc', () => ['--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'hi', '--timeout', 'abc'], {}, EXIT_CODES.usage, 'BAD_FLAG', /--timeout/],
    ['an unknown command', () => ['sned'], {}, EXIT_CODES.usage, 'UNKNOWN_COMMAND', /unknown command 'sned'/],
    ['a missing required value', () => ['otp', 'verify', 'T'], {}, EXIT_CODES.usage, 'MISSING_CODE', /CODE is needed/],
    ['no such profile (--profile)', () => ['--profile', 'nope', 'balance'], {}, EXIT_CODES.usage, 'PROFILE_NOT_FOUND', /no profile named "nope"/],
    ['no such profile (profile show)', () => ['profile', 'show', 'nope'], {}, EXIT_CODES.usage, 'PROFILE_NOT_FOUND', /no profile named "nope"/],
    ['no sender for SEPSMS', () => ['send', '--to', '0812345678', '-m', 'hi', '--dry-run'], sepEnv, EXIT_CODES.usage, 'SENDER_MISSING', /needs a sender name/],
    ['--csv names a folder', () => ['--profile', 'sandbox', 'send', '--csv', folder(), '-m', 'hi', '--dry-run'], {}, EXIT_CODES.invalid, 'NOT_A_FILE', /is a directory/],
    ['--csv names nothing', () => ['--profile', 'sandbox', 'send', '--csv', join(dir, 'none.csv'), '-m', 'hi', '--dry-run'], {}, EXIT_CODES.invalid, 'FILE_NOT_FOUND', /no such file/],
    ['a send without --yes and no terminal', () => ['--profile', 'sandbox', 'send', '--to', '0812345678', '-m', 'hi'], {}, EXIT_CODES.usage, 'CONFIRMATION_REQUIRED', /pass --yes/],
    ['sandbox serve --port 99999', () => ['sandbox', 'serve', '--port', '99999'], {}, EXIT_CODES.usage, 'BAD_FLAG', /--port: expected a port from 0 to 65535/, 'no-json'],
    ['an unknown shell', () => ['completion', 'tcsh'], {}, EXIT_CODES.usage, 'BAD_SHELL', /bash, zsh/, 'no-json'],
  ];

  it.each(rows)('%s', async (_what, args, env, exit, code, message, noJson) => {
    for (const withJson of noJson ? [false] : [false, true]) {
      const r = await cli([...args(), ...(withJson ? ['--json'] : [])], env);
      expect(r.code).toBe(exit);
      const lines = r.stderr.trim().split('\n');
      expect(lines.at(-1)).toMatch(/^smsctl: error: /);
      expect(lines.at(-1)!.replace(/^smsctl: error: /, '')).toMatch(message);
      expect(r.stderr).not.toContain('sk_sep_pasted1234567890');
      if (withJson) {
        const doc = JSON.parse(r.stdout) as { ok: boolean; error: { code: string } };
        expect(doc.ok).toBe(false);
        expect(shapeErrors(doc.error, ERROR)).toEqual([]);
        expect(doc.error.code).toBe(code);
      } else expect(r.stdout).toBe('');
    }
  });

  it('a port already in use is a usage error naming it, not an internal error', async () => {
    const { port, server } = await busyPort();
    try {
      const r = await cli(['sandbox', 'serve', '--port', String(port)]);
      expect(r.code).toBe(EXIT_CODES.usage);
      expect(r.stderr).toBe(`smsctl: error: --port ${port}: already in use on 127.0.0.1 (another sandbox?); pick another port, or --port 0 for a free one\n`);
    } finally {
      server.close();
    }
  });
});
