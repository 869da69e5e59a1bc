import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { t } from '../../i18n/index.js';
import { positiveInt } from '../profile/add.js';

export interface McpOptions {
  allowSend?: boolean;
  maxRecipients: number;
  maxCredits: number;
}

export function registerMcp(program: Command, ctx: Context): void {
  program
    .command('mcp')
    .description(t('mcp.description'))
    .option('--allow-send', t('mcp.allow_send'))
    .option('--max-recipients <n>', t('mcp.max_recipients'), (v) => positiveInt(v, '--max-recipients'), 10)
    .option('--max-credits <n>', t('mcp.max_credits'), (v) => positiveInt(v, '--max-credits'), 50)
    .action((opts: McpOptions) => runMcp(opts, ctx));
}

export async function runMcp(opts: McpOptions, ctx: Context): Promise<void> {
  const { runMcpServer } = await import('../../mcp/server.js');
  await runMcpServer(ctx, { allowSend: Boolean(opts.allowSend), maxRecipients: opts.maxRecipients, maxCredits: opts.maxCredits });
}
