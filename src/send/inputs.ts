/**
 * Turns send flags into the pipeline's inputs: the message template and the recipient
 * source. Every check that needs no network happens here, before anything is sent.
 */
import { createReadStream } from 'node:fs';
import type { Readable, Transform } from 'node:stream';
import { readFile, stat } from 'node:fs/promises';
import type { Context } from '../cli/context.js';
import { SmsctlError, invalidInput, usageError } from '../errors.js';
import type { Template } from '../core/template.js';
import type { ProviderCapabilities } from '../providers/types.js';
import { fromCsv, fromList, type RawRecipient } from './recipients.js';

export interface MessageFlags {
  message?: string;
  messageFile?: string;
}

export async function readMessage(flags: MessageFlags): Promise<string> {
  if (flags.message !== undefined && flags.messageFile !== undefined) {
    throw usageError('give either --message or --message-file, not both', 'CONFLICTING_FLAGS');
  }
  let text: string;
  if (flags.messageFile !== undefined) {
    text = await readFile(flags.messageFile, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw invalidInput(`--message-file ${flags.messageFile}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`, 'FILE_NOT_FOUND');
    });
    // Editors add a final newline; nobody means to send it.
    text = text.replace(/^\uFEFF/, '').replace(/(\r?\n)+$/, '');
  } else if (flags.message !== undefined) {
    text = flags.message;
  } else {
    throw usageError('a message is needed: --message TEXT or --message-file FILE', 'MISSING_MESSAGE');
  }
  if (text.trim() === '') throw invalidInput('the message is empty', 'EMPTY_MESSAGE');
  return text;
}

export interface RecipientFlags {
  to?: string[];
  csv?: string;
  phoneColumn?: string;
}

export interface RecipientInput {
  recipients: AsyncIterable<RawRecipient> | Iterable<RawRecipient>;
  template: Template;
  rowLabel: (row: number) => string;
  phoneColumn?: string;
  kind: 'csv' | 'stdin' | 'list';
  name: string;
  columns: string[];
  /** --to numbers as given, for the run's copy of its input. */
  list?: string[];
  /** Rows of a smsctl report left out because they were sent, or may have been; the run it reports. */
  fromReport?: { skipped: number; runId?: string };
}

/**
 * `tap` sees the raw input bytes on their way to the parser (the run journal hashes and
 * keeps a copy of them).
 */
export async function openRecipients(ctx: Context, flags: RecipientFlags, message: string, tap?: () => Transform): Promise<RecipientInput> {
  const { parseTemplate, resolvePlaceholders, assertNoPlaceholders } = await import('../core/template.js');
  const parsed = parseTemplate(message);
  if (flags.to?.length && flags.csv !== undefined) throw usageError('give either --to or --csv, not both', 'CONFLICTING_FLAGS');
  if (flags.to?.length) {
    if (flags.phoneColumn) throw usageError('--phone-column goes with --csv', 'CONFLICTING_FLAGS');
    assertNoPlaceholders(parsed, '--to has no columns to fill it from; use --csv');
    const list = [...fromList(flags.to)].map((r) => r.phone.trim());
    return { recipients: fromList(flags.to), template: parsed, rowLabel: (row) => `--to #${row}`, kind: 'list', name: '--to', columns: ['phone'], list };
  }
  if (flags.csv === undefined) throw usageError('recipients are needed: --to NUMBERS or --csv FILE', 'MISSING_RECIPIENTS');
  const { openCsv, findPhoneColumn } = await import('../core/csv.js');
  const name = flags.csv === '-' ? 'stdin' : flags.csv;
  if (flags.csv !== '-') {
    const info = await stat(flags.csv).catch(() => undefined);
    if (info?.isDirectory()) throw invalidInput(`--csv ${flags.csv}: is a directory, not a CSV file`, 'NOT_A_FILE');
    if (!info?.isFile()) throw invalidInput(`--csv ${flags.csv}: no such file`, 'FILE_NOT_FOUND');
  }
  let input: Readable = flags.csv === '-' ? ctx.stdin : createReadStream(flags.csv);
  if (tap) {
    const t = tap();
    input.on('error', (e) => t.destroy(e));
    input = input.pipe(t);
  }
  const source = await openCsv(input, { name });
  const phoneColumn = findPhoneColumn(source.headers, flags.phoneColumn);
  const template = resolvePlaceholders(parsed, source.headers);
  const base = { template, rowLabel: (row: number) => `${name} row ${row}`, phoneColumn, kind: flags.csv === '-' ? ('stdin' as const) : ('csv' as const), name, columns: source.headers };
  if (isReport(source.headers)) {
    const fromReport = { skipped: 0 };
    return { ...base, recipients: onlyUnsent(fromCsv(source, phoneColumn), fromReport), fromReport };
  }
  return { ...base, recipients: fromCsv(source, phoneColumn) };
}

/** A per-row report (`--report`) has these columns last; see runs/report.ts. */
export const REPORT_COLUMNS = ['normalised_number', 'outcome', 'message_id', 'reason', 'run_id'] as const;

function isReport(headers: string[]): boolean {
  return REPORT_COLUMNS.every((c) => headers.includes(c)) && headers.includes('row');
}

/**
 * A report fed back to send: only rows that certainly got nothing are sent again. Rows sent,
 * or whose outcome is unknown, are left out, so no file smsctl writes can double-send.
 */
async function* onlyUnsent(records: AsyncIterable<RawRecipient>, counter: { skipped: number; runId?: string }): AsyncGenerator<RawRecipient> {
  for await (const r of records) {
    counter.runId ??= r.values.run_id || undefined;
    const outcome = r.values.outcome;
    if (outcome === 'failed' || outcome === 'not_sent') yield r;
    else counter.skipped++;
  }
}

export function checkSender(sender: string | undefined, caps: ProviderCapabilities, providerName: string): void {
  const maxLength = caps.maxSenderLength;
  if (!sender) {
    if (caps.senderRequired) {
      throw usageError(`${providerName} needs a sender name: pass --sender or set one on the profile (profile edit NAME --sender S)`, 'SENDER_MISSING');
    }
    return;
  }
  if (maxLength !== undefined && [...sender].length > maxLength) {
    throw new SmsctlError('invalid', `--sender "${sender}" is ${[...sender].length} characters; ${providerName} accepts at most ${maxLength}`, {
      code: 'SENDER_TOO_LONG',
    });
  }
}
