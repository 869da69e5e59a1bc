/**
 * The tools an agent sees. Each one is a CLI command run in-process (invoke.ts): the same
 * validation, the same JSON fields, the same error codes. Sending and cancelling are off
 * unless the human started the server with --allow-send, and then bounded by its caps.
 *
 * i18n-ignore-file: the tools' descriptions, schemas and replies are written for the AI agent,
 * an API contract like --json, and stay English; the questions put to the human before a real
 * send or cancel (confirmWithHuman) come from the catalogue, in the chosen language.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import type { Context } from '../cli/context.js';
import { formatNumber, plural } from '../cli/output.js';
import { formatTime } from '../i18n/dates.js';
import { language, t } from '../i18n/index.js';
import { invoke, type Invocation } from './invoke.js';
import { confirmWithHuman, type McpLimits } from './guard.js';

export interface ToolSetup {
  ctx: Context;
  limits: McpLimits;
  /** The profile is a sandbox one: `sandbox_inbox` is offered, reading from here. */
  sandbox?: { url?: string };
}

type Doc = Record<string, unknown>;
type Extra = { signal: AbortSignal };

const READ = { readOnlyHint: true, destructiveHint: false, openWorldHint: true } as const;
const LOCAL_READ = { readOnlyHint: true, destructiveHint: false, openWorldHint: false } as const;
const STATUSES = ['pending', 'success', 'failed', 'invalid', 'blocked', 'expired', 'timeout'] as const;

const audience = {
  numbers: z.array(z.string().min(1).max(32)).min(1).max(1000).optional().describe('phone numbers, any Thai format (0812345678, 66812345678)'),
  csv: z.string().min(1).optional().describe('path of a CSV or .xlsx file with a header row, relative to the server\'s working directory'),
  message: z.string().min(1).max(2000).describe('message text; {{column}} is filled from each CSV row'),
  sender: z.string().min(1).max(20).optional().describe("sender name (default: the profile's)"),
};

export function registerTools(server: McpServer, setup: ToolSetup): void {
  const { ctx, limits } = setup;
  const tool = (
    name: string,
    description: string,
    annotations: Record<string, boolean | string>,
    shape: z.ZodRawShape,
    run: (args: Record<string, unknown>, extra: Extra) => Promise<CallToolResult>,
  ) => {
    server.registerTool(name, { description, inputSchema: shape, annotations }, async (args: Record<string, unknown>, extra: Extra) => {
      try {
        return await run(args, extra);
      } catch (error) {
        // A tool never takes the server down: anything unexpected is this call's error.
        return failure({ kind: 'internal', code: error instanceof ToolInputError ? error.code : 'INTERNAL', message: (error as Error).message });
      }
    });
  };
  const call = (args: string[], extra: Extra) => invoke(ctx, args, extra.signal);

  tool('balance', 'Remaining SMS credit of the profile.', { title: 'Balance', ...READ }, {}, async (_a, extra) =>
    reply(await call(['balance'], extra), (d) => `${plural(Number(d.balance), 'credit')} (${String(d.provider)}, profile ${String(d.profile)})`),
  );

  tool(
    'preview_cost',
    'What a message to these numbers or this CSV would cost, as `smsctl preview-cost` computes it: recipients (valid, invalid, duplicates), encoding, parts and credits per row, the balance and whether it suffices, and the provider\'s own figure where it offers one (ME-SMS). Sends nothing.',
    { title: 'Preview cost', ...READ },
    audience,
    async (a, extra) => reply(await call(['preview-cost', ...(await audienceArgs(a))], extra), planSummary),
  );

  tool(
    'send_sms',
    `Send an SMS to numbers or to every row of a CSV. ${limits.allowSend ? `Sends for real, at most ${plural(limits.maxRecipients, 'recipient')} and ${plural(limits.maxCredits, 'credit')} a call${'; the human confirms each send where the client can ask'}.` : 'Sending is switched off on this server: it returns the plan (recipients, parts, credits) and sends nothing.'}`,
    { title: 'Send SMS', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    { ...audience, schedule: z.string().optional().describe('send later: ISO 8601 with offset, or Bangkok time "2026-12-01 10:00"') },
    async (a, extra) => {
      const args = [...(await audienceArgs(a)), ...(a.schedule ? ['--schedule', String(a.schedule)] : [])];
      const caps = ['--max-recipients', String(limits.maxRecipients), '--max-credits', String(limits.maxCredits)];
      const plan = await call(['send', ...args, '--dry-run', ...(limits.allowSend ? caps : [])], extra);
      if (plan.doc.ok === false || !limits.allowSend) {
        return reply(plan, (d) => `${planSummary(d)}. Nothing sent: sending is off on this MCP server (the human can restart it with \`smsctl mcp --allow-send\`).`, { sent: false, sendingAllowed: limits.allowSend });
      }
      const recipients = Number((plan.doc.recipients as Doc).valid);
      const credits = Number(plan.doc.credits);
      const when = a.schedule ? ` scheduled for ${String(plan.doc.scheduledAt)}` : '';
      const asked = await confirmWithHuman(
        server,
        t('mcp.confirm_send', {
          text: preview(String(a.message)),
          recipients: t('mcp.recipients', { count: recipients }),
          credits: t('mcp.credits', { count: credits }),
          when: a.schedule ? t('mcp.confirm_when', { time: humanTime(String(plan.doc.scheduledAt)) }) : '',
          provider: String(plan.doc.provider),
          profile: String(plan.doc.profile),
        }),
      );
      if (asked === 'declined') return failure({ kind: 'usage', code: 'NOT_CONFIRMED', message: 'the human declined this send; nothing sent' });
      // The real send may not grow past what was shown and confirmed.
      const sent = await call(['send', ...args, '--yes', '--max-recipients', String(recipients), '--max-credits', String(credits)], extra);
      return reply(sent, (d) => `Run ${String(d.runId)}: sent to ${plural(Number((d.sent as Doc)?.recipients ?? 0), 'recipient')}${when}.`, { sendingAllowed: true });
    },
  );

  tool('send_status', 'Delivery status of a send: a run id (from send_sms or list_runs), a provider message reference, or nothing for the newest run. Counts per status.', { title: 'Send status', ...READ }, { ref: z.string().min(1).optional().describe('run id or message reference (default: the newest run)') }, async (a, extra) => {
    const inv = await call(['status', ...(a.ref ? [String(a.ref)] : [])], extra);
    return reply(trimList(inv, 'messages', 20), (d) => `${plural(Number(d.total), 'recipient')}: ${counts(d.summary as Doc)}${d.final ? ' (final)' : ''}`);
  });

  tool(
    'recipients_summary',
    'Per-status recipient counts of a message or run, and optionally a few recipients of one status (never the whole list).',
    { title: 'Recipients summary', ...READ },
    {
      ref: z.string().min(1).describe('run id or message reference'),
      status: z.enum(STATUSES).optional().describe('status of the sample recipients'),
      sample: z.number().int().min(0).max(50).optional().describe('how many recipients to list (default 0)'),
    },
    async (a, extra) => {
      // One page of the export: its summary is the provider's count per status over every recipient.
      const n = Number(a.sample ?? 0);
      const list = await call(['recipients', String(a.ref), '--limit', String(Math.max(1, n)), ...(a.status ? ['--status', String(a.status)] : [])], extra);
      if (list.doc.ok === false) return reply(list, () => '');
      const summary = (list.doc.summary ?? {}) as Record<string, number>;
      const total = Object.values(summary).reduce((t, v) => t + Number(v), 0);
      const data: Doc = { ok: true, reference: a.ref, total, summary, ...(n > 0 && { sample: list.doc.recipients }) };
      return reply({ ...list, doc: data }, (d) => `${plural(Number(d.total), 'recipient')}: ${counts(d.summary as Doc)}`);
    },
  );

  tool('list_runs', 'Sends recorded on this machine, newest first, with recipients by state (sent, failed, unknown, not sent).', { title: 'List runs', ...LOCAL_READ }, { limit: z.number().int().min(1).max(100).optional().describe('how many (default 20)') }, async (a, extra) => {
    const inv = trimList(await call(['runs', 'list'], extra), 'runs', Number(a.limit ?? 20));
    return reply(inv, (d) => `${plural((d.runs as unknown[]).length, 'run')}${d.runsOmitted ? ` (${formatNumber(Number(d.runsOmitted))} older not shown)` : ''}`);
  });

  tool(
    'otp_send',
    'Send a one-time code to a phone (SEPSMS, ThaiBulkSMS). Returns the token otp_verify needs; the code itself is never returned.',
    { title: 'Send OTP', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    {
      number: z.string().min(1).max(32).describe('the phone, any Thai format'),
      template: z.string().optional().describe('SEPSMS: message with {code} and optionally {ref}'),
      ttl: z.number().int().optional().describe('SEPSMS: code lifetime in seconds (60-600)'),
      length: z.number().int().optional().describe('SEPSMS: code length (4-8)'),
      sender: z.string().optional(),
    },
    async (a, extra) => {
      const args = ['otp', 'send', '--to', String(a.number)];
      if (a.template !== undefined) args.push('--template', String(a.template));
      if (a.ttl !== undefined) args.push('--ttl', String(a.ttl));
      if (a.length !== undefined) args.push('--length', String(a.length));
      if (a.sender !== undefined) args.push('--sender', String(a.sender));
      return reply(await call(args, extra), (d) => `Code sent; token ${String(d.token)}${d.expiresAt ? `, expires ${String(d.expiresAt)}` : ''}.`);
    },
  );

  tool(
    'otp_verify',
    'Check a code against the token from otp_send. An unverified code is an error with code OTP_NOT_VERIFIED.',
    { title: 'Verify OTP', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    { token: z.string().min(1).describe('the token from otp_send'), code: z.string().min(1).max(16).describe('the code the phone received') },
    async (a, extra) => reply(await call(['otp', 'verify', '--token', String(a.token), '--code', String(a.code)], extra), () => 'Verified.'),
  );

  tool(
    'cancel_scheduled',
    `Cancel a scheduled message that has not started; the provider refunds its credits. ${limits.allowSend ? 'The human confirms where the client can ask.' : 'Cancelling is switched off on this server: it shows what would be cancelled and does nothing.'}`,
    { title: 'Cancel scheduled message', readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    { ref: z.string().min(1).describe('the message reference') },
    async (a, extra) => {
      const ref = String(a.ref);
      const st = await call(['status', ref], extra);
      if (st.doc.ok === false) return reply(st, () => '');
      const message = ((st.doc.messages as Doc[]) ?? [])[0] ?? {};
      const what = `${String(message.reference ?? ref)}: ${plural(Number(message.totalMsisdn ?? 0), 'recipient')}, status ${String(message.status)}${message.scheduledAt ? `, goes out ${String(message.scheduledAt)}` : ''}`;
      if (!limits.allowSend) {
        return reply({ ...st, doc: { ok: true, cancelled: false, cancellingAllowed: false, message } }, () => `Would cancel ${what}. Nothing cancelled: cancelling is off on this MCP server (the human can restart it with \`smsctl mcp --allow-send\`).`);
      }
      const question = t('mcp.confirm_cancel', {
        ref: String(message.reference ?? ref),
        recipients: t('mcp.recipients', { count: Number(message.totalMsisdn ?? 0) }),
        status: String(message.status),
        when: message.scheduledAt ? t('mcp.confirm_goes_out', { time: humanTime(String(message.scheduledAt)) }) : '',
      });
      if ((await confirmWithHuman(server, question)) === 'declined') {
        return failure({ kind: 'usage', code: 'NOT_CONFIRMED', message: 'the human declined; nothing cancelled' });
      }
      return reply(await call(['cancel', ref, '--yes'], extra), (d) => `Cancelled ${String(d.reference)}${d.refundedCredit !== undefined ? `, ${plural(Number(d.refundedCredit), 'credit')} refunded` : ''}.`);
    },
  );

  if (setup.sandbox) {
    const url = setup.sandbox.url;
    tool(
      'sandbox_inbox',
      'What the sandbox delivered, as the phones received it, newest last: read an OTP code here to finish an OTP flow with no phone.',
      { title: 'Sandbox inbox', ...LOCAL_READ },
      { msisdn: z.string().min(1).max(32).optional().describe('only this phone'), limit: z.number().int().min(1).max(50).optional().describe('the newest N (default 10)') },
      async (a, extra) => {
        const args = ['sandbox', 'inbox', ...(url ? ['--url', url] : []), ...(a.msisdn ? ['--msisdn', String(a.msisdn)] : [])];
        const inv = await call(args, extra);
        const messages = Array.isArray(inv.doc.messages) ? (inv.doc.messages as Doc[]) : [];
        const limit = Number(a.limit ?? 10);
        const doc = inv.doc.ok === false ? inv.doc : { ...inv.doc, messages: messages.slice(-limit), messagesOmitted: Math.max(0, messages.length - limit) };
        return reply({ ...inv, doc }, (d) => {
          const shown = d.messages as Doc[];
          return shown.length ? shown.map((m) => `${String(m.at)} ${String(m.msisdn)} [${String(m.sender)}] ${String(m.text)}`).join('\n') : 'The inbox is empty.';
        });
      },
    );
  }
}

class ToolInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** numbers XOR csv, as `send` takes them; a CSV must be a file the user could name on the command line. */
async function audienceArgs(a: Record<string, unknown>): Promise<string[]> {
  const numbers = a.numbers as string[] | undefined;
  const csv = a.csv as string | undefined;
  if ((numbers === undefined) === (csv === undefined)) throw new ToolInputError('BAD_INPUT', 'give either numbers or csv');
  const args: string[] = [];
  if (numbers) args.push('--to', numbers.join(','));
  if (csv !== undefined) {
    const path = resolve(process.cwd(), csv);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw new ToolInputError('CSV_NOT_FOUND', `csv: ${csv} is not a file (paths are relative to ${process.cwd()})`);
    args.push('--csv', path);
  }
  args.push('--message', String(a.message));
  if (a.sender !== undefined) args.push('--sender', String(a.sender));
  return args;
}

function reply(inv: Invocation, summary: (doc: Doc) => string, extra: Doc = {}): CallToolResult {
  const notes = inv.notes ? `\n${inv.notes}` : '';
  if (inv.doc.ok === false) {
    const error = (inv.doc.error ?? {}) as Doc;
    return { isError: true, content: [{ type: 'text', text: `${String(error.code)}: ${String(error.message)}${notes}` }], structuredContent: { ...inv.doc, ...extra } };
  }
  const doc = { ...inv.doc, ...extra };
  return { content: [{ type: 'text', text: `${summary(doc)}${notes}` }], structuredContent: doc };
}

function failure(error: { kind: string; code: string; message: string }): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: `${error.code}: ${error.message}` }], structuredContent: { ok: false, error } };
}

/** A list the context does not need whole: the first `keep`, and how many were left out. */
function trimList(inv: Invocation, key: string, keep: number): Invocation {
  const list = inv.doc[key];
  if (!Array.isArray(list) || list.length <= keep) return inv;
  return { ...inv, doc: { ...inv.doc, [key]: list.slice(0, keep), [`${key}Omitted`]: list.length - keep } };
}

function planSummary(d: Doc): string {
  const r = (d.recipients ?? {}) as Doc;
  const parts = (d.parts ?? {}) as Doc;
  const p = parts.min === parts.max ? String(parts.max) : `${String(parts.min)}–${String(parts.max)}`;
  const balance = d.balance === null || d.balance === undefined ? '' : `, balance ${formatNumber(Number(d.balance))}`;
  return `${plural(Number(r.valid), 'recipient')} (${formatNumber(Number(r.invalid))} invalid, ${formatNumber(Number(r.duplicates))} duplicates), ${p} part(s), ${plural(Number(d.credits), 'credit')}${balance}`;
}

function counts(summary: Doc | undefined): string {
  const entries = Object.entries(summary ?? {});
  return entries.length ? entries.map(([k, v]) => `${k} ${formatNumber(Number(v))}`).join(', ') : 'nothing reported yet';
}

/** A time in a question to the human: as the JSON has it in English (as it always was), formatted for a Thai reader. */
function humanTime(iso: string): string {
  const date = new Date(iso);
  return language() === 'en' || Number.isNaN(date.getTime()) ? iso : formatTime(date);
}

function preview(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
