import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { withSession } from '../../cli/session.js';
import { SmsctlError, usageError } from '../../errors.js';
import type { ExportFormat } from '../../export/formats.js';
import type { PagePosition } from '../../export/pages.js';
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
    .description('per-number delivery status of a message reference, or of every message a run sent, streamed page by page')
    .option('--status <status>', `only this status (${STATUSES.join(', ')})`, (v) => {
      if (!(STATUSES as readonly string[]).includes(v)) throw usageError(`--status: expected one of ${STATUSES.join(', ')}, got "${v}"`, 'BAD_FLAG');
      return v as DeliveryStatus;
    })
    .option('--search <digits>', 'only numbers containing these digits')
    .option('--all', 'every page (the default; the explicit form)')
    .option('--limit <n>', 'stop after this many rows', (v) => positiveInt(v, '--limit'))
    .option('--format <format>', `${FORMATS.join(', ')} (default: table on a terminal, csv when piped; --output: from the file's extension, else csv)`, (v) => {
      if (!(FORMATS as readonly string[]).includes(v)) throw usageError(`--format: expected one of ${FORMATS.join(', ')}, got "${v}"`, 'BAD_FLAG');
      return v as ExportFormat;
    })
    .option('--output <file>', 'write to this file (under a temporary name, renamed once complete) instead of stdout')
    .option('--after <cursor>', 'continue an export after this cursor, as a stopped export printed it (no header line)')
    .option('--json', 'print JSON: {"reference":…,"recipients":[{"msisdn","status"},…],"count","summary","ok"}, streamed; with --output, a summary of the export')
    .action((ref: string, opts: RecipientsOptions) => runRecipients(ref, opts, ctx));
}

/** The format the rows are written in: the flag, else the file's extension, else what suits stdout. */
export function chooseFormat(opts: RecipientsOptions, ctx: Context): ExportFormat {
  if (opts.output === undefined) {
    if (opts.json && opts.format !== undefined && opts.format !== 'json') {
      throw usageError(`--json prints one JSON document on stdout, so it cannot be combined with --format ${opts.format}; leave one out, or write the rows to a file with --output`, 'BAD_FLAG');
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
    throw usageError(`--after: expected a cursor as a stopped export printed it (${isRun ? 'REFERENCE:CURSOR' : 'a number'}), got "${value}"`, 'BAD_FLAG');
  }
  if (ref === undefined) {
    if (isRun) throw usageError(`--after: a run's export continues after REFERENCE:CURSOR (as the stopped export printed it), got "${value}"`, 'BAD_FLAG');
    return { index: 0, after: Number(cursor) };
  }
  const index = references.indexOf(ref);
  if (index < 0) throw usageError(`--after: ${ref} is not ${isRun ? 'one of this run\'s messages' : 'the message being exported'}`, 'BAD_FLAG');
  return { index, after: Number(cursor) };
}

function shellWord(s: string): string {
  return /^[\w.,:/@+=-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

/** ThaiBulkSMS has no recipients API: say so, and where the per-number outcome is instead. */
function notOffered(provider: Provider, arg: string, isRun: boolean): SmsctlError {
  const name = PROVIDER_NAMES[provider.id];
  const instead = isRun
    ? `\`smsctl runs show ${arg} --report FILE\` has each row's outcome as ${name} answered the send`
    : `for a send made with smsctl, \`smsctl runs show RUN --report FILE\` has each row's outcome as ${name} answered it`;
  return new SmsctlError('usage', `${name} publishes no per-recipient status API, so \`recipients\` cannot ask it; ${instead}`, { code: 'NOT_OFFERED' });
}

/**
 * Streams the recipients of a reference, or of every message of a run, to stdout or --output.
 * Everything that can be refused is refused before the first request; nothing is written
 * before the first page has answered.
 */
export async function runRecipients(arg: string, opts: RecipientsOptions, ctx: Context): Promise<void> {
  if (opts.all && opts.limit !== undefined) throw usageError('--all and --limit cannot be combined: --all exports every page, --limit stops after N rows', 'BAD_FLAG');
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
