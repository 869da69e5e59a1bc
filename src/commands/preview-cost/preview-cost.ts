import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { withSession } from '../../cli/session.js';
import { parseDelimiter, parseEncoding } from '../../core/csv-options.js';
import type { TextEncodingName } from '../../core/decode.js';
import { positiveInt } from '../profile/add.js';
import { t } from '../../i18n/index.js';

export interface PreviewCostOptions {
  to?: string[];
  csv?: string;
  group?: number;
  message?: string;
  messageFile?: string;
  phoneColumn?: string;
  encoding?: TextEncodingName;
  delimiter?: string;
  sheet?: string;
  allowEmpty?: boolean;
  exclude?: string[];
  defaultExclude?: boolean;
  json?: boolean;
}

export function registerPreviewCost(program: Command, ctx: Context): void {
  program
    .command('preview-cost')
    .description(t('preview.cmd'))
    .option('--to <numbers>', t('preview.opt_to'), (v: string, all: string[] = []) => [...all, v])
    .option('--csv <file>', t('preview.opt_csv'))
    .option('--group <id>', t('preview.opt_group'), (v) => positiveInt(v, '--group'))
    .option('-m, --message <text>', t('preview.opt_message'))
    .option('--message-file <file>', t('preview.opt_message_file'))
    .option('--phone-column <name>', t('preview.opt_phone_column'))
    .option('--sheet <name>', t('preview.opt_sheet'))
    .option('--encoding <name>', t('preview.opt_encoding'), parseEncoding)
    .option('--delimiter <d>', t('preview.opt_delimiter'), parseDelimiter)
    .option('--allow-empty', t('preview.opt_allow_empty'))
    .option('--exclude <file>', t('preview.opt_exclude'), (v: string, all: string[] = []) => [...all, v])
    .option('--no-default-exclude', t('preview.opt_no_default_exclude'))
    .option('--json', t('preview.opt_json'))
    .action((opts: PreviewCostOptions) => runPreviewCost(opts, ctx));
}

export async function runPreviewCost(opts: PreviewCostOptions, ctx: Context): Promise<void> {
  const { previewCost } = await import('../../send/preview.js');
  const { previewJson, previewLines, previewWarnings } = await import('../../send/preview-lines.js');
  const { styleFor } = await import('../../cli/style.js');
  await withSession(ctx, async (session) => {
    const preview = await previewCost(ctx, opts, session);
    const warn = await styleFor(ctx, ctx.stderr);
    for (const w of previewWarnings(preview)) writeLine(ctx.stderr, warn.yellow(t('input.warning', { text: String(w) })));
    if (opts.json) {
      emitResult(ctx, previewJson(preview));
      return;
    }
    const c = await styleFor(ctx, ctx.stdout);
    for (const line of previewLines(preview, c, ctx.stdout.isTTY ? 5 : 20)) writeLine(ctx.stdout, line);
  });
}
