/**
 * Turns send flags into the pipeline's inputs: the message template and the recipient
 * source. Every check that needs no network happens here, before anything is sent.
 */
import { createReadStream } from 'node:fs';
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
}

export async function openRecipients(ctx: Context, flags: RecipientFlags, message: string): Promise<RecipientInput> {
  const { parseTemplate, resolvePlaceholders, assertNoPlaceholders } = await import('../core/template.js');
  const parsed = parseTemplate(message);
  if (flags.to?.length && flags.csv !== undefined) throw usageError('give either --to or --csv, not both', 'CONFLICTING_FLAGS');
  if (flags.to?.length) {
    if (flags.phoneColumn) throw usageError('--phone-column goes with --csv', 'CONFLICTING_FLAGS');
    assertNoPlaceholders(parsed, '--to has no columns to fill it from; use --csv');
    return { recipients: fromList(flags.to), template: parsed, rowLabel: (row) => `--to #${row}` };
  }
  if (flags.csv === undefined) throw usageError('recipients are needed: --to NUMBERS or --csv FILE', 'MISSING_RECIPIENTS');
  const { openCsv, findPhoneColumn } = await import('../core/csv.js');
  const name = flags.csv === '-' ? 'stdin' : flags.csv;
  if (flags.csv !== '-') {
    const info = await stat(flags.csv).catch(() => undefined);
    if (!info?.isFile()) throw invalidInput(`--csv ${flags.csv}: no such file`, 'FILE_NOT_FOUND');
  }
  const input = flags.csv === '-' ? ctx.stdin : createReadStream(flags.csv);
  const source = await openCsv(input, { name });
  const phoneColumn = findPhoneColumn(source.headers, flags.phoneColumn);
  const template = resolvePlaceholders(parsed, source.headers);
  return { recipients: fromCsv(source, phoneColumn), template, rowLabel: (row) => `${name} row ${row}`, phoneColumn };
}

export function checkSender(sender: string | undefined, caps: ProviderCapabilities, providerName: string): void {
  const maxLength = caps.maxSenderLength;
  if (!sender) {
    if (caps.senderRequired) {
      throw invalidInput(`${providerName} needs a sender name: pass --sender or set one on the profile (profile add … --sender)`, 'SENDER_MISSING');
    }
    return;
  }
  if (maxLength !== undefined && [...sender].length > maxLength) {
    throw new SmsctlError('invalid', `--sender "${sender}" is ${[...sender].length} characters; ${providerName} accepts at most ${maxLength}`, {
      code: 'SENDER_TOO_LONG',
    });
  }
}
