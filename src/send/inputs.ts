/**
 * Turns send flags into the pipeline's inputs: the message template and the recipient
 * source. Every check that needs no network happens here, before anything is sent.
 */
import { createReadStream } from 'node:fs';
import type { Readable, Transform } from 'node:stream';
import { readFile, stat } from 'node:fs/promises';
import type { Context } from '../cli/context.js';
import { SmsctlError, invalidInput, usageError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Template } from '../core/template.js';
import type { LoadedExcludes } from '../core/exclude.js';
import type { Profile } from '../config/profile.js';
import type { ProviderCapabilities } from '../providers/types.js';
import type { CsvReadStats, TextEncodingName } from '../core/csv.js';
import { fromCsv, fromList, subBatch, type RawRecipient, type RecipientBatch } from './recipients.js';

export interface MessageFlags {
  message?: string;
  messageFile?: string;
}

export async function readMessage(flags: MessageFlags): Promise<string> {
  if (flags.message !== undefined && flags.messageFile !== undefined) {
    throw usageError(t('input.message_and_file'), 'CONFLICTING_FLAGS');
  }
  let text: string;
  if (flags.messageFile !== undefined) {
    text = await readFile(flags.messageFile, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw invalidInput(`--message-file ${flags.messageFile}: ${e.code === 'ENOENT' ? t('input.no_such_file') : e.message}`, 'FILE_NOT_FOUND');
    });
    // Editors add a final newline; nobody means to send it.
    text = text.replace(/^\uFEFF/, '').replace(/(\r?\n)+$/, '');
  } else if (flags.message !== undefined) {
    text = flags.message;
  } else {
    throw usageError(t('input.message_needed'), 'MISSING_MESSAGE');
  }
  if (text.trim() === '') throw invalidInput(t('input.message_empty'), 'EMPTY_MESSAGE');
  return text;
}

export interface RecipientFlags {
  to?: string[];
  csv?: string;
  phoneColumn?: string;
  /** --encoding, already parsed (parseEncoding): the CSV's encoding is not detected. */
  encoding?: TextEncodingName;
  /** --delimiter, already parsed (parseDelimiter): the CSV's delimiter is not sniffed. */
  delimiter?: string;
  /** --sheet: the worksheet of an .xlsx workbook. */
  sheet?: string;
}

export interface RecipientInput {
  /** Batches made for the template's placeholders (CSV), or single recipients (--to). */
  recipients: AsyncIterable<RecipientBatch> | Iterable<RawRecipient>;
  template: Template;
  rowLabel: (row: number) => string;
  phoneColumn?: string;
  kind: 'csv' | 'stdin' | 'list' | 'xlsx';
  name: string;
  columns: string[];
  /** --to numbers as given, for the run's copy of its input. */
  list?: string[];
  /** Rows of a smsctl report left out because they were sent, or may have been; the run it reports. */
  fromReport?: { skipped: number; runId?: string };
  /** A CSV's reading figures (complete once the recipients are read). */
  csvStats?: () => CsvReadStats | undefined;
  /** A CSV's encoding and delimiter, as detected or given. */
  encoding?: TextEncodingName;
  delimiter?: string;
  /** A workbook's sheet, as given (default: the first). */
  sheet?: string;
}

/**
 * `tap` sees the raw input bytes on their way to the parser (the run journal hashes and
 * keeps a copy of them).
 */
export async function openRecipients(ctx: Context, flags: RecipientFlags, message: string, tap?: (copyName?: string) => Transform): Promise<RecipientInput> {
  const { parseTemplate, resolvePlaceholders, assertNoPlaceholders, noColumnsIn } = await import('../core/template.js');
  const parsed = parseTemplate(message);
  if (flags.to?.length && flags.csv !== undefined) throw usageError(t('input.to_and_csv'), 'CONFLICTING_FLAGS');
  if (flags.to?.length) {
    if (flags.phoneColumn) throw usageError(t('input.goes_with', { flag: '--phone-column', with: '--csv' }), 'CONFLICTING_FLAGS');
    assertNoPlaceholders(parsed, noColumnsIn('--to'));
    const list = [...fromList(flags.to)].map((r) => r.phone.trim());
    return { recipients: fromList(flags.to), template: parsed, rowLabel: (row) => `--to #${row}`, kind: 'list', name: '--to', columns: ['phone'], list };
  }
  if (flags.csv === undefined) throw usageError(t('input.recipients_needed'), 'MISSING_RECIPIENTS');
  const { openCsv, findPhoneColumn } = await import('../core/csv.js');
  const name = flags.csv === '-' ? 'stdin' : flags.csv;
  if (flags.csv !== '-') {
    const info = await stat(flags.csv).catch(() => undefined);
    if (info?.isDirectory()) throw invalidInput(t('input.csv_is_directory', { file: flags.csv }), 'NOT_A_FILE');
    if (!info?.isFile()) throw invalidInput(t('input.csv_not_found', { file: flags.csv }), 'FILE_NOT_FOUND');
  }
  if (flags.csv !== '-' && (await isWorkbook(flags.csv))) return openWorkbook(flags, parsed, name, tap);
  if (flags.sheet !== undefined) throw usageError(t('input.sheet_needs_xlsx', { name }), 'CONFLICTING_FLAGS');
  // Large reads: the reader's cost is per chunk as much as per byte.
  let input: Readable = flags.csv === '-' ? ctx.stdin : createReadStream(flags.csv, { highWaterMark: 1 << 20 });
  if (tap) {
    const t = tap();
    input.on('error', (e) => t.destroy(e));
    input = input.pipe(t);
  }
  const source = await openCsv(input, { name, encoding: flags.encoding, delimiter: flags.delimiter });
  let phoneColumn: string;
  let template: Template;
  try {
    phoneColumn = findPhoneColumn(source.headers, flags.phoneColumn);
    template = resolvePlaceholders(parsed, source.headers);
  } catch (error) {
    await source.close();
    throw error;
  }
  const base = {
    template,
    rowLabel: (row: number) => t('input.row_of', { name, row }),
    phoneColumn,
    kind: flags.csv === '-' ? ('stdin' as const) : ('csv' as const),
    name,
    columns: source.headers,
    csvStats: () => source.stats,
    encoding: source.encoding,
    delimiter: source.delimiter,
  };
  // Only the phone and the columns the message uses are read.
  const columns = template.placeholders;
  if (isReport(source.headers)) {
    const fromReport = { skipped: 0 };
    return { ...base, recipients: onlyUnsent(fromCsv(source, phoneColumn, [...columns, 'outcome', 'run_id']), columns.length, fromReport), fromReport };
  }
  return { ...base, recipients: fromCsv(source, phoneColumn, columns) };
}

/** An .xlsx workbook is a zip: its first bytes say so, whatever its name. */
async function isWorkbook(path: string): Promise<boolean> {
  if (/\.xlsx$/i.test(path)) return true;
  const { open } = await import('node:fs/promises');
  const h = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await h.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readUInt32BE(0) === 0x504b0304;
  } finally {
    await h.close();
  }
}

/**
 * Excel's own format: read with the streaming workbook reader. The run keeps the workbook's
 * bytes (hashed and copied through `tap` first), so its report reads the same rows again.
 */
async function openWorkbook(flags: RecipientFlags, parsed: Template, name: string, tap?: (copyName?: string) => Transform): Promise<RecipientInput> {
  const { resolvePlaceholders } = await import('../core/template.js');
  if (flags.encoding !== undefined || flags.delimiter !== undefined) {
    throw usageError(t('input.csv_flags_on_xlsx', { name }), 'CONFLICTING_FLAGS');
  }
  if (tap) {
    const { pipeline } = await import('node:stream/promises');
    const { Writable } = await import('node:stream');
    await pipeline(createReadStream(flags.csv!), tap('input.xlsx'), new Writable({ write: (_c, _e, done) => done() }));
  }
  const { openXlsx } = await import('../core/xlsx.js');
  const { findPhoneColumn } = await import('../core/csv.js');
  const source = await openXlsx(flags.csv!, { sheet: flags.sheet, name });
  const phoneColumn = findPhoneColumn(source.headers, flags.phoneColumn);
  const template = resolvePlaceholders(parsed, source.headers);
  const base = { template, rowLabel: (row: number) => t('input.row_of', { name, row }), phoneColumn, kind: 'xlsx' as const, name, columns: source.headers, sheet: flags.sheet };
  const columns = template.placeholders;
  if (isReport(source.headers)) {
    const fromReport = { skipped: 0 };
    return { ...base, recipients: onlyUnsent(fromCsv(source, phoneColumn, [...columns, 'outcome', 'run_id']), columns.length, fromReport), fromReport };
  }
  return { ...base, recipients: fromCsv(source, phoneColumn, columns) };
}

export interface ExcludeFlags {
  exclude?: string[];
  /** false with --no-default-exclude. */
  defaultExclude?: boolean;
}

/**
 * The opt-out lists a send applies: every --exclude, plus the profile's exclude file unless
 * --no-default-exclude (which is said on stderr). A profile's file that is gone stops the
 * send: a deleted opt-out list must not quietly send to everyone. Undefined: no list.
 */
export async function openExcludes(ctx: Context, flags: ExcludeFlags, profile: Profile): Promise<LoadedExcludes | undefined> {
  const { writeLine } = await import('../cli/output.js');
  const { styleFor } = await import('../cli/style.js');
  const c = await styleFor(ctx, ctx.stderr);
  const warn = (line: string) => writeLine(ctx.stderr, c.yellow(line));
  const files = [...(flags.exclude ?? [])];
  if (profile.excludeFile !== undefined && flags.defaultExclude === false) {
    warn(t('input.warning', { text: t('input.default_exclude_off', { profile: profile.name, file: profile.excludeFile }) }));
  } else if (profile.excludeFile !== undefined) {
    const info = await stat(profile.excludeFile).catch(() => undefined);
    if (!info?.isFile()) {
      const params = { profile: profile.name, file: profile.excludeFile };
      throw invalidInput(t(info ? 'input.default_exclude_not_file' : 'input.default_exclude_missing', params), 'FILE_NOT_FOUND');
    }
    if (!files.includes(profile.excludeFile)) files.push(profile.excludeFile);
  }
  if (files.length === 0) return undefined;
  const { loadExcludes } = await import('../core/exclude.js');
  const { stopError } = await import('../cli/signals.js');
  return loadExcludes(files, { warn, signal: ctx.signal, onAbort: () => stopError(ctx.signal, t('input.stopped_reading_excludes')) });
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
async function* onlyUnsent(batches: AsyncIterable<RecipientBatch>, at: number, counter: { skipped: number; runId?: string }): AsyncGenerator<RecipientBatch> {
  // The batches carry the message's columns, then outcome (at) and run_id (at + 1).
  for await (const b of batches) {
    const keep: number[] = [];
    for (let i = 0; i < b.length; i++) {
      counter.runId ??= b.value(at + 1, i) || undefined;
      const outcome = b.value(at, i);
      if (outcome === 'failed' || outcome === 'not_sent') keep.push(i);
      else counter.skipped++;
    }
    if (keep.length) yield keep.length === b.length ? b : subBatch(b, keep);
  }
}

export function checkSender(sender: string | undefined, caps: ProviderCapabilities, providerName: string): void {
  const maxLength = caps.maxSenderLength;
  if (!sender) {
    if (caps.senderRequired) {
      throw usageError(t('input.sender_needed', { provider: providerName }), 'SENDER_MISSING');
    }
    return;
  }
  if (maxLength !== undefined && [...sender].length > maxLength) {
    throw new SmsctlError('invalid', t('input.sender_too_long', { sender, length: [...sender].length, provider: providerName, max: maxLength }), {
      code: 'SENDER_TOO_LONG',
    });
  }
}
