import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { positiveInt } from '../profile/add.js';

export interface McpOptions {
  allowSend?: boolean;
  maxRecipients: number;
  maxCredits: number;
}

export function registerMcp(program: Command, ctx: Context): void {
  program
    .command('mcp')
    .description('run an MCP server on stdio for AI agents (Claude Code, Claude Desktop, Gemini CLI): balance, cost, status, OTP; sends only with --allow-send')
    .option('--allow-send', 'let the agent really send and cancel (default: send_sms and cancel_scheduled only plan)')
    .option('--max-recipients <n>', 'with --allow-send: most recipients one send may have', (v) => positiveInt(v, '--max-recipients'), 10)
    .option('--max-credits <n>', 'with --allow-send: most credits one send may cost', (v) => positiveInt(v, '--max-credits'), 50)
    .action((opts: McpOptions) => runMcp(opts, ctx));
}

export async function runMcp(opts: McpOptions, ctx: Context): Promise<void> {
  const { runMcpServer } = await import('../../mcp/server.js');
  await runMcpServer(ctx, { allowSend: Boolean(opts.allowSend), maxRecipients: opts.maxRecipients, maxCredits: opts.maxCredits });
}
