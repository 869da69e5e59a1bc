import { Option, type Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { usageError } from '../../errors.js';
import { parseDelimiter, parseEncoding } from '../../core/csv-options.js';
import type { TextEncodingName } from '../../core/decode.js';
import { parseRate } from '../../send/pacing.js';
import { positiveInt } from '../profile/add.js';

export interface SendOptions {
  to?: string[];
  csv?: string;
  message?: string;
  messageFile?: string;
  sender?: string;
  phoneColumn?: string;
  /** --encoding: the CSV's encoding, not detected. */
  encoding?: TextEncodingName;
  /** --delimiter: the CSV's delimiter (the character), not sniffed. */
  delimiter?: string;
  /** --sheet: the worksheet of an .xlsx workbook (default: the first). */
  sheet?: string;
  /** Rows with an empty field for a placeholder are sent with it empty instead of left out. */
  allowEmpty?: boolean;
  /** Opt-out lists (repeatable). */
  exclude?: string[];
  /** false with --no-default-exclude: the profile's exclude file is not applied. */
  defaultExclude?: boolean;
  schedule?: string;
  batchSize?: number;
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
  /** true: the newest unfinished run of the profile; a string: that run. */
  resume?: string | true;
  resendUnknown?: boolean;
  new?: boolean;
  report?: string;
  concurrency?: number;
  rate?: string;
  timeout?: number;
  maxFailures?: number;
  /** Refuse the send when its plan has more recipients than this. */
  maxRecipients?: number;
  /** Refuse the send when its plan costs more credits than this. */
  maxCredits?: number;
  /** ThaiBulkSMS reports each delivery result to this URL. */
  callbackUrl?: string;
  callbackMethod?: string;
  /** ME-SMS: send to this contact group (`contactGroupId`) instead of --to / --csv. */
  group?: number;
  /** ME-SMS: a template saved on the account (`templateId`), instead of --message. */
  templateId?: string;
  /** --var KEY=VALUE for the saved template; VALUE may be {{column}} with --csv. */
  var?: string[];
  /** SEPSMS: local (default) or provider (per-recipient `variables`). */
  personalise?: string;
  /** ThaiBulkSMS `force`: standard | corporate (default: the profile's, else the dashboard's). */
  creditType?: string;
  /** ThaiBulkSMS `shorten_url`. */
  shortenUrls?: boolean;
  /** ThaiBulkSMS `tag`. */
  tag?: string;
}

export function registerSend(program: Command, ctx: Context): void {
  program
    .command('send')
    .description('send an SMS to numbers given with --to or to every row of a CSV file; every real send is a resumable run')
    .option('--to <numbers>', 'comma-separated numbers (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--csv <file>', 'CSV file with a header row, or an Excel .xlsx workbook ("-" reads a CSV from stdin)')
    .option('--sheet <name>', 'with an .xlsx workbook: the worksheet to read (default: the first)')
    .option('-m, --message <text>', 'message text; {{column}} is filled from the CSV row')
    .option('--personalise <where>', 'SEPSMS with {{column}}: local (default: one request per distinct text, as the dry run shows it) or provider (one request per batch with each recipient\'s `variables`, in an assumed shape: see README)')
    .option('--group <id>', 'ME-SMS: send to a contact group kept on the account (`contactGroupId`) instead of --to / --csv; its size comes from a dry run', (v) => positiveInt(v, '--group'))
    .option('--template-id <id>', 'ME-SMS: send a template saved on the account (`templateId`) instead of --message')
    .option('--var <key=value>', 'with --template-id: a template variable; VALUE may be {{column}} with --csv (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--message-file <file>', 'read the message from a UTF-8 file')
    .option('--sender <name>', 'sender name (default: the profile\'s)')
    .option('--phone-column <name>', 'CSV column holding the numbers (default: found by name)')
    .option('--encoding <name>', 'CSV encoding: utf8, windows-874 (Thai Excel "CSV") or utf16le (default: detected)', parseEncoding)
    .option('--delimiter <d>', 'CSV delimiter: comma, semicolon or tab (default: detected from the header)', parseDelimiter)
    .option('--allow-empty', 'send rows whose field for a {{placeholder}} is empty (default: they are left out as invalid)')
    .option('--exclude <file>', 'never send to the numbers in this file (opt-outs): a CSV with a phone column, or one number per line (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--no-default-exclude', "do not apply the profile's exclude file to this send (prints a warning)")
    .option('--schedule <time>', 'send later: ISO 8601 with offset, or local Bangkok time "2026-12-01 10:00"')
    .option('--batch-size <n>', 'recipients per request (at most the provider limit)', (v) => positiveInt(v, '--batch-size'))
    .option('--dry-run', 'check everything and print the summary, send nothing')
    .addOption(new Option('--resume [run]', 'continue an unfinished run from its journal (default: the newest of this profile)'))
    .option('--resend-unknown', 'with --resume: also send the requests whose outcome is unknown (their recipients may get it twice)')
    .option('--new', 'start a new run even though an unfinished run of the same list and message exists')
    .option('--report <file>', 'write a CSV with one row per input row and its outcome')
    .option('--concurrency <n>', 'requests in flight at once (default: ThaiBulkSMS 8, SEPSMS 2, ME-SMS 4)', (v) => positiveInt(v, '--concurrency'))
    .option('--rate <rate>', 'most requests per second or minute, e.g. 20/s, 120/min, none (default: the provider\'s published limit)', (v) => (parseRate(v), v))
    .option('--timeout <seconds>', 'seconds to wait for each answer (default 30)', (v) => positiveInt(v, '--timeout'))
    .option('--max-failures <n>', 'stop after this many requests in a row fail or have an unknown outcome', (v) => positiveInt(v, '--max-failures'), 3)
    .option('--max-recipients <n>', 'refuse the send (exit 3, nothing sent) when it has more recipients than this', (v) => positiveInt(v, '--max-recipients'))
    .option('--max-credits <n>', 'refuse the send (exit 3, nothing sent) when it costs more credits than this', (v) => positiveInt(v, '--max-credits'))
    .option('--callback-url <url>', 'ThaiBulkSMS: where it reports each delivery result (https, or http to 127.0.0.1/localhost); see `smsctl webhook listen`')
    .option('--callback-method <method>', 'with --callback-url: GET, POST or PUT (default POST)')
    .option('--credit-type <type>', 'ThaiBulkSMS: charge standard or corporate credit (`force`; default: the profile\'s, else the dashboard\'s)')
    .option('--shorten-urls', 'ThaiBulkSMS: let it shorten the links in the text (`shorten_url`); the credit estimate assumes the text as written')
    .option('--tag <tag>', 'ThaiBulkSMS: tag the send for the dashboard\'s reports (`tag`)')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .option('--json', 'print one JSON object on stdout')
    .action((opts: SendOptions) => runSend(opts, ctx));
}

export async function runSend(opts: SendOptions, ctx: Context): Promise<void> {
  if (opts.resume !== undefined) {
    const inputFlags = (['to', 'csv', 'message', 'messageFile', 'schedule', 'batchSize', 'phoneColumn', 'encoding', 'delimiter', 'sheet', 'allowEmpty', 'exclude', 'sender', 'dryRun', 'new', 'maxRecipients', 'maxCredits', 'callbackUrl', 'callbackMethod', 'creditType', 'shortenUrls', 'tag', 'group', 'templateId', 'var', 'personalise'] as const).filter((k) => opts[k] !== undefined);
    if (inputFlags.length) {
      throw usageError(`--resume continues a run exactly as it was planned; it takes no --${kebab(inputFlags[0]!)}`, 'CONFLICTING_FLAGS');
    }
    // A resumed run keeps its plan: its exclude lists were applied when it was planned.
    if (opts.defaultExclude === false) throw usageError('--resume continues a run exactly as it was planned; it takes no --no-default-exclude', 'CONFLICTING_FLAGS');
    const { resumeRun } = await import('../../send/resume.js');
    return resumeRun(ctx, opts);
  }
  if (opts.resendUnknown) throw usageError('--resend-unknown goes with --resume', 'CONFLICTING_FLAGS');
  const { newRun } = await import('../../send/new-run.js');
  return newRun(ctx, opts);
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
