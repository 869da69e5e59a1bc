import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { withSession } from '../../cli/session.js';
import { parseDelimiter, parseEncoding } from '../../core/csv-options.js';
import type { TextEncodingName } from '../../core/decode.js';
import { positiveInt } from '../profile/add.js';

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
    .description('what a send would cost — recipients, encoding, parts, credits, balance — with nothing sent; ME-SMS is asked too')
    .option('--to <numbers>', 'comma-separated numbers (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--csv <file>', 'CSV file with a header row, or an Excel .xlsx workbook ("-" reads a CSV from stdin)')
    .option('--group <id>', 'a contact group on the account (ME-SMS): the provider counts its numbers', (v) => positiveInt(v, '--group'))
    .option('-m, --message <text>', 'message text; {{column}} is filled from the CSV row')
    .option('--message-file <file>', 'read the message from a UTF-8 file')
    .option('--phone-column <name>', 'CSV column holding the numbers (default: found by name)')
    .option('--sheet <name>', 'with an .xlsx workbook: the worksheet to read (default: the first)')
    .option('--encoding <name>', 'CSV encoding: utf8, windows-874 or utf16le (default: detected)', parseEncoding)
    .option('--delimiter <d>', 'CSV delimiter: comma, semicolon or tab (default: detected from the header)', parseDelimiter)
    .option('--allow-empty', 'count rows whose field for a {{placeholder}} is empty, as send --allow-empty sends them')
    .option('--exclude <file>', 'leave out the numbers in this file, as send --exclude does (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--no-default-exclude', "do not apply the profile's exclude file")
    .option('--json', 'print one JSON object on stdout')
    .action((opts: PreviewCostOptions) => runPreviewCost(opts, ctx));
}

export async function runPreviewCost(opts: PreviewCostOptions, ctx: Context): Promise<void> {
  const { previewCost } = await import('../../send/preview.js');
  const { previewJson, previewLines, previewWarnings } = await import('../../send/preview-lines.js');
  const { styleFor } = await import('../../cli/style.js');
  await withSession(ctx, async (session) => {
    const preview = await previewCost(ctx, opts, session);
    const warn = await styleFor(ctx, ctx.stderr);
    for (const w of previewWarnings(preview)) writeLine(ctx.stderr, warn.yellow(`warning: ${w}`));
    if (opts.json) {
      emitResult(ctx, previewJson(preview));
      return;
    }
    const c = await styleFor(ctx, ctx.stdout);
    for (const line of previewLines(preview, c, ctx.stdout.isTTY ? 5 : 20)) writeLine(ctx.stdout, line);
  });
}
