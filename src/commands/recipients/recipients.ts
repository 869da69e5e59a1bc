import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { withSession } from '../../cli/session.js';
import { SmsctlError, usageError } from '../../errors.js';
import type { ExportFormat } from '../../export/formats.js';
import type { PagePosition } from '../../export/pages.js';
import { t } from '../../i18n/index.js';
import { PROVIDER_NAMES, offers, type DeliveryStatus, type Provider } from '../../providers/types.js';
import { positiveInt } from '../profile/add.js';

export interface RecipientsOptions {
  status?: DeliveryStatus;
  search?: string;
  limit?: number;
  all?: boolean;
  format?: ExportFormat;
  output?: string;
  after?: string;
  json?: boolean;
}

const STATUSES: readonly DeliveryStatus[] = ['pending', 'success', 'failed', 'invalid', 'blocked', 'expired', 'timeout'];
const FORMATS: readonly ExportFormat[] = ['table', 'csv', 'ndjson', 'json'];

export function registerRecipients(program: Command, ctx: Context): void {
  program
    .command('recipients <ref>')
    .description(t('recipients.description'))
    .option('--status <status>', t('status.option.only', { statuses: STATUSES.join(', ') }), (v) => {
      if (!(STATUSES as readonly string[]).includes(v)) throw usageError(t('status.one_of', { flag: '--status', values: STATUSES.join(', '), value: v }), 'BAD_FLAG');
      return v as DeliveryStatus;
    })
    .option('--search <digits>', t('recipients.option.search'))
    .option('--all', t('recipients.option.all'))
    .option('--limit <n>', t('recipients.option.limit'), (v) => positiveInt(v, '--limit'))
    .option('--format <format>', t('recipients.option.format', { formats: FORMATS.join(', ') }), (v) => {
      if (!(FORMATS as readonly string[]).includes(v)) throw usageError(t('status.one_of', { flag: '--format', values: FORMATS.join(', '), value: v }), 'BAD_FLAG');
      return v as ExportFormat;
    })
    .option('--output <file>', t('recipients.option.output'))
    .option('--after <cursor>', t('recipients.option.after'))
    .option('--json', t('recipients.option.json'))
    .action((ref: string, opts: RecipientsOptions) => runRecipients(ref, opts, ctx));
}

/** The format the rows are written in: the flag, else the file's extension, else what suits stdout. */
export function chooseFormat(opts: RecipientsOptions, ctx: Context): ExportFormat {
  if (opts.output === undefined) {
    if (opts.json && opts.format !== undefined && opts.format !== 'json') {
      throw usageError(t('recipients.json_and_format', { format: opts.format }), 'BAD_FLAG');
    }
    if (opts.format) return opts.format;
    return opts.json ? 'json' : ctx.stdout.isTTY ? 'table' : 'csv';
  }
  if (opts.format) return opts.format;
  const ext = /\.([a-z]+)$/i.exec(opts.output)?.[1]?.toLowerCase();
  return ext === 'json' ? 'json' : ext === 'ndjson' || ext === 'jsonl' ? 'ndjson' : ext === 'txt' ? 'table' : 'csv';
}

/** `--after`: the bare cursor for one message; `REFERENCE:CURSOR` in a run (as a stopped export prints it). */
export function parseAfter(value: string | undefined, references: readonly string[], isRun: boolean): PagePosition {
  if (value === undefined) return { index: 0, after: 0 };
  const colon = value.lastIndexOf(':');
  const ref = colon >= 0 ? value.slice(0, colon) : undefined;
  const cursor = value.slice(colon + 1);
  if (!/^\d+$/.test(cursor) || !Number.isSafeInteger(Number(cursor))) {
    throw usageError(t(isRun ? 'recipients.after.bad_run' : 'recipients.after.bad_message', { value }), 'BAD_FLAG');
  }
  if (ref === undefined) {
    if (isRun) throw usageError(t('recipients.after.run_needs_reference', { value }), 'BAD_FLAG');
    return { index: 0, after: Number(cursor) };
  }
  const index = references.indexOf(ref);
  if (index < 0) throw usageError(t(isRun ? 'recipients.after.not_in_run' : 'recipients.after.not_this_message', { ref }), 'BAD_FLAG');
  return { index, after: Number(cursor) };
}

function shellWord(s: string): string {
  return /^[\w.,:/@+=-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

/** ThaiBulkSMS has no recipients API: say so, and where the per-number outcome is instead. */
function notOffered(provider: Provider, arg: string, isRun: boolean): SmsctlError {
  const name = PROVIDER_NAMES[provider.id];
  const message = isRun ? t('recipients.not_offered.run', { provider: name, arg }) : t('recipients.not_offered.message', { provider: name });
  return new SmsctlError('usage', message, { code: 'NOT_OFFERED' });
}

/**
 * Streams the recipients of a reference, or of every message of a run, to stdout or --output.
 * Everything that can be refused is refused before the first request; nothing is written
 * before the first page has answered.
 */
export async function runRecipients(arg: string, opts: RecipientsOptions, ctx: Context): Promise<void> {
  if (opts.all && opts.limit !== undefined) throw usageError(t('recipients.all_and_limit'), 'BAD_FLAG');
  const format = chooseFormat(opts, ctx);
  const chosenProfile = ctx.global.profile;
  const { resolveReferences } = await import('../../runs/references.js');
  const { run, references, recipients } = await resolveReferences(ctx, arg, 'export');
  const isRun = run !== undefined;
  const start = parseAfter(opts.after, references, isRun);
  const { checkOutput } = await import('../../export/sink.js');
  if (opts.output !== undefined) await checkOutput(opts.output);

  const continueWith = (cursor: string, written: number): string => {
    const words = ['smsctl'];
    if (chosenProfile !== undefined) words.push('--profile', chosenProfile);
    words.push('recipients', arg, '--after', cursor);
    if (opts.status) words.push('--status', opts.status);
    if (opts.search) words.push('--search', opts.search);
    if (opts.limit !== undefined) words.push('--limit', String(Math.max(1, opts.limit - written)));
    if (opts.format || opts.output !== undefined) words.push('--format', format);
    else if (opts.json) words.push('--json');
    return words.map(shellWord).join(' ');
  };

  await withSession(ctx, async ({ provider }) => {
    if (!offers(provider, 'recipients')) throw notOffered(provider, arg, isRun);
    const { exportRecipients } = await import('../../export/recipients-export.js');
    await exportRecipients(ctx, provider, {
      references,
      expected: recipients,
      head: isRun ? { runId: run.header.id } : { reference: arg },
      start,
      status: opts.status,
      search: opts.search,
      limit: opts.limit,
      format,
      output: opts.output,
      json: Boolean(opts.json),
      withReference: isRun,
      noHeader: opts.after !== undefined,
      continueWith,
    });
  });
}
