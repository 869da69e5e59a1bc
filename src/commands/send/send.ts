import { Option, type Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { usageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
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
    .description(t('send.description'))
    .option('--to <numbers>', t('send.opt.to'), (v: string, all: string[] = []) => [...all, v])
    .option('--csv <file>', t('send.opt.csv'))
    .option('--sheet <name>', t('send.opt.sheet'))
    .option('-m, --message <text>', t('send.opt.message'))
    .option('--personalise <where>', t('send.opt.personalise'))
    .option('--group <id>', t('send.opt.group'), (v) => positiveInt(v, '--group'))
    .option('--template-id <id>', t('send.opt.template_id'))
    .option('--var <key=value>', t('send.opt.var'), (v: string, all: string[] = []) => [...all, v])
    .option('--message-file <file>', t('send.opt.message_file'))
    .option('--sender <name>', t('send.opt.sender'))
    .option('--phone-column <name>', t('send.opt.phone_column'))
    .option('--encoding <name>', t('send.opt.encoding'), parseEncoding)
    .option('--delimiter <d>', t('send.opt.delimiter'), parseDelimiter)
    .option('--allow-empty', t('send.opt.allow_empty'))
    .option('--exclude <file>', t('send.opt.exclude'), (v: string, all: string[] = []) => [...all, v])
    .option('--no-default-exclude', t('send.opt.no_default_exclude'))
    .option('--schedule <time>', t('send.opt.schedule'))
    .option('--batch-size <n>', t('send.opt.batch_size'), (v) => positiveInt(v, '--batch-size'))
    .option('--dry-run', t('send.opt.dry_run'))
    .addOption(new Option('--resume [run]', t('send.opt.resume')))
    .option('--resend-unknown', t('send.opt.resend_unknown'))
    .option('--new', t('send.opt.new'))
    .option('--report <file>', t('send.opt.report'))
    .option('--concurrency <n>', t('send.opt.concurrency'), (v) => positiveInt(v, '--concurrency'))
    .option('--rate <rate>', t('send.opt.rate'), (v) => (parseRate(v), v))
    .option('--timeout <seconds>', t('send.opt.timeout'), (v) => positiveInt(v, '--timeout'))
    .option('--max-failures <n>', t('send.opt.max_failures'), (v) => positiveInt(v, '--max-failures'), 3)
    .option('--max-recipients <n>', t('send.opt.max_recipients'), (v) => positiveInt(v, '--max-recipients'))
    .option('--max-credits <n>', t('send.opt.max_credits'), (v) => positiveInt(v, '--max-credits'))
    .option('--callback-url <url>', t('send.opt.callback_url'))
    .option('--callback-method <method>', t('send.opt.callback_method'))
    .option('--credit-type <type>', t('send.opt.credit_type'))
    .option('--shorten-urls', t('send.opt.shorten_urls'))
    .option('--tag <tag>', t('send.opt.tag'))
    .option('-y, --yes', t('send.opt.yes'))
    .option('--json', t('send.opt.json'))
    .action((opts: SendOptions) => runSend(opts, ctx));
}

export async function runSend(opts: SendOptions, ctx: Context): Promise<void> {
  if (opts.resume !== undefined) {
    const inputFlags = (['to', 'csv', 'message', 'messageFile', 'schedule', 'batchSize', 'phoneColumn', 'encoding', 'delimiter', 'sheet', 'allowEmpty', 'exclude', 'sender', 'dryRun', 'new', 'maxRecipients', 'maxCredits', 'callbackUrl', 'callbackMethod', 'creditType', 'shortenUrls', 'tag', 'group', 'templateId', 'var', 'personalise'] as const).filter((k) => opts[k] !== undefined);
    if (inputFlags.length) {
      throw usageError(t('send.resume_takes_no', { flag: `--${kebab(inputFlags[0]!)}` }), 'CONFLICTING_FLAGS');
    }
    // A resumed run keeps its plan: its exclude lists were applied when it was planned.
    if (opts.defaultExclude === false) throw usageError(t('send.resume_takes_no', { flag: '--no-default-exclude' }), 'CONFLICTING_FLAGS');
    const { resumeRun } = await import('../../send/resume.js');
    return resumeRun(ctx, opts);
  }
  if (opts.resendUnknown) throw usageError(t('send.resend_unknown_alone'), 'CONFLICTING_FLAGS');
  const { newRun } = await import('../../send/new-run.js');
  return newRun(ctx, opts);
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
