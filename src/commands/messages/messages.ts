import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, formatNumber, formatTable, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { usageError } from '../../errors.js';
import { parseDateTime } from '../../core/schedule.js';
import { formatTime } from '../../i18n/dates.js';
import { t } from '../../i18n/index.js';
import { statusWord } from '../../status/words.js';
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
  if (!d) throw usageError(t('messages.bad_time', { flag, value: v }), 'BAD_FLAG');
  return d;
};

export function registerMessages(program: Command, ctx: Context): void {
  program
    .command('messages')
    .description(t('messages.description'))
    .option('--status <status>', t('status.option.only', { statuses: STATUSES.join(', ') }), (v) => {
      if (!(STATUSES as readonly string[]).includes(v)) throw usageError(t('status.one_of', { flag: '--status', values: STATUSES.join(', '), value: v }), 'BAD_FLAG');
      return v as MessageListStatus;
    })
    .option('--sender <name>', t('messages.option.sender'))
    .option('--from <time>', t('messages.option.from'), time('--from', false))
    .option('--to <time>', t('messages.option.to'), time('--to', true))
    .option('--search <text>', t('messages.option.search'))
    .option('--limit <n>', t('messages.option.limit', { n: DEFAULT_LIMIT }), (v) => positiveInt(v, '--limit'))
    .option('--all', t('messages.option.all'))
    .option('--json', t('messages.option.json'))
    .action((opts: MessagesOptions) => runMessages(opts, ctx));
}

export async function runMessages(opts: MessagesOptions, ctx: Context): Promise<void> {
  if (opts.all && opts.limit !== undefined) throw usageError(t('messages.limit_and_all'), 'CONFLICTING_FLAGS');
  if (opts.from && opts.to && opts.from.getTime() > opts.to.getTime()) throw usageError(t('messages.from_after_to'), 'BAD_FLAG');
  await withSession(ctx, async ({ provider, profile }) => {
    requireFeature(provider, 'messages', 'messages', t('messages.instead'));
    const want = opts.all ? Infinity : (opts.limit ?? DEFAULT_LIMIT);
    const query: MessageListQuery = { status: opts.status, sender: opts.sender, from: opts.from, to: opts.to, search: opts.search };
    const limit = Math.min(PAGE_MAX, want);
    const messages: MessageStatus[] = [];
    let total = 0;
    for (let page = 1; messages.length < want; page++) {
      if (ctx.signal.aborted) {
        const { stopError } = await import('../../cli/signals.js');
        throw stopError(ctx.signal, t('messages.stopped_after', { count: messages.length }));
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
      return d && !Number.isNaN(d.getTime()) ? formatTime(d) : (iso ?? '');
    };
    const rows = messages.map((m) => [
      when(m.createdAt),
      m.reference,
      m.status === 'scheduled' && m.scheduledAt ? t('messages.scheduled_at', { time: when(m.scheduledAt) }) : statusWord(m.status),
      m.sender ?? '',
      formatNumber(m.totalMsisdn),
      preview(m.content ?? ''),
    ]);
    const head = [t('status.column.created'), t('status.column.reference'), t('status.column.status'), t('status.column.sender'), t('status.column.recipients'), t('status.column.message')];
    if (rows.length) writeLine(ctx.stdout, formatTable(head, rows));
    const more = total > messages.length && !opts.all;
    const shown = { shown: formatNumber(messages.length), count: total };
    writeLine(ctx.stderr, messages.length ? t(more ? 'messages.shown_more' : 'messages.shown', shown) : t('messages.none'));
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
