import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, formatNumber, formatTable, plural, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { usageError } from '../../errors.js';
import { formatBangkokTime, parseDateTime } from '../../core/schedule.js';
import type { MessageListQuery, MessageListStatus, MessageStatus } from '../../providers/types.js';
import { positiveInt } from '../profile/add.js';

export interface MessagesOptions {
  status?: MessageListStatus;
  sender?: string;
  from?: Date;
  to?: Date;
  search?: string;
  limit?: number;
  all?: boolean;
  json?: boolean;
}

const STATUSES: readonly MessageListStatus[] = ['sent', 'failed', 'pending', 'scheduled', 'cancelled'];
const DEFAULT_LIMIT = 20;
/** The most ME-SMS gives a page. */
const PAGE_MAX = 100;

const time = (flag: string, endOfDay: boolean) => (v: string) => {
  const d = parseDateTime(v, { endOfDay });
  if (!d) throw usageError(`${flag} "${v}": expected ISO 8601 or Bangkok time, e.g. "2026-12-01 10:00", "2026-12-01" or "2026-12-01T10:00:00+07:00"`, 'BAD_FLAG');
  return d;
};

export function registerMessages(program: Command, ctx: Context): void {
  program
    .command('messages')
    .description("the account's messages, newest first (ME-SMS)")
    .option('--status <status>', `only this status (${STATUSES.join(', ')})`, (v) => {
      if (!(STATUSES as readonly string[]).includes(v)) throw usageError(`--status: expected one of ${STATUSES.join(', ')}, got "${v}"`, 'BAD_FLAG');
      return v as MessageListStatus;
    })
    .option('--sender <name>', 'only messages from this sender name')
    .option('--from <time>', 'created at or after: ISO 8601, or Bangkok time "2026-12-01 10:00" or "2026-12-01"', time('--from', false))
    .option('--to <time>', 'created at or before (a date alone: the end of that day)', time('--to', true))
    .option('--search <text>', 'only messages whose refNo or text contains this')
    .option('--limit <n>', `at most this many (default ${DEFAULT_LIMIT})`, (v) => positiveInt(v, '--limit'))
    .option('--all', 'every message, page by page')
    .option('--json', 'print JSON: {"ok":true,"messages":[…],"total":…}')
    .action((opts: MessagesOptions) => runMessages(opts, ctx));
}

export async function runMessages(opts: MessagesOptions, ctx: Context): Promise<void> {
  if (opts.all && opts.limit !== undefined) throw usageError('give either --limit or --all, not both', 'CONFLICTING_FLAGS');
  if (opts.from && opts.to && opts.from.getTime() > opts.to.getTime()) throw usageError('--from is after --to: no message can match', 'BAD_FLAG');
  await withSession(ctx, async ({ provider, profile }) => {
    requireFeature(provider, 'messages', 'messages', 'use `smsctl runs list` for the sends made from this machine, and `smsctl status RUN` for their delivery');
    const want = opts.all ? Infinity : (opts.limit ?? DEFAULT_LIMIT);
    const query: MessageListQuery = { status: opts.status, sender: opts.sender, from: opts.from, to: opts.to, search: opts.search };
    const limit = Math.min(PAGE_MAX, want);
    const messages: MessageStatus[] = [];
    let total = 0;
    for (let page = 1; messages.length < want; page++) {
      if (ctx.signal.aborted) {
        const { stopError } = await import('../../cli/signals.js');
        throw stopError(ctx.signal, `after ${plural(messages.length, 'message')}`);
      }
      const got = await provider.listMessages({ ...query, page, limit });
      total = got.total;
      messages.push(...got.messages.slice(0, want - messages.length));
      // An empty or short page is the last, whatever the total says.
      if (got.messages.length < limit || page * limit >= got.total) break;
    }
    if (opts.json) {
      emitResult(ctx, { provider: provider.id, profile: profile.name, total, messages: messages.map(messageJson) });
      return;
    }
    const when = (iso: string | undefined) => {
      const d = iso ? new Date(iso) : undefined;
      return d && !Number.isNaN(d.getTime()) ? formatBangkokTime(d) : (iso ?? '');
    };
    const rows = messages.map((m) => [
      when(m.createdAt),
      m.reference,
      m.status === 'scheduled' && m.scheduledAt ? `scheduled ${when(m.scheduledAt)}` : m.status,
      m.sender ?? '',
      formatNumber(m.totalMsisdn),
      preview(m.content ?? ''),
    ]);
    if (rows.length) writeLine(ctx.stdout, formatTable(['CREATED', 'REFERENCE', 'STATUS', 'SENDER', 'RECIPIENTS', 'MESSAGE'], rows));
    const more = total > messages.length && !opts.all ? ` (--limit N or --all for more)` : '';
    writeLine(ctx.stderr, messages.length ? `${formatNumber(messages.length)} of ${plural(total, 'message')}${more}` : 'No message matches.');
  });
}

/** ISO 8601 in JSON whatever form the provider used. */
function messageJson(m: MessageStatus): Record<string, unknown> {
  const iso = (t: string | undefined) => {
    const d = t ? new Date(t) : undefined;
    return d && !Number.isNaN(d.getTime()) ? d.toISOString() : (t ?? null);
  };
  return {
    reference: m.reference,
    refNo: m.refNo ?? null,
    status: m.status,
    sender: m.sender ?? null,
    content: m.content ?? null,
    totalMsisdn: m.totalMsisdn,
    createdAt: iso(m.createdAt),
    scheduledAt: iso(m.scheduledAt),
    drSummary: m.drSummary,
  };
}

/** The first line of a text, cut to fit a table. */
function preview(text: string): string {
  const line = text.split(/\r?\n/)[0]!;
  const chars = [...line];
  return chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : line;
}
