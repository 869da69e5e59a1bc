/**
 * `smsctl mcp`: a Model Context Protocol server on stdio, built on the official SDK (protocol
 * versions, capability negotiation and elicitation come with it). It runs until the client
 * closes its end or Ctrl-C. stdout carries the protocol only; anything for a person goes to
 * stderr, which MCP clients show as the server's log.
 */
import type { Context } from '../cli/context.js';
import { t } from '../i18n/index.js';
import { PROVIDER_NAMES } from '../providers/types.js';
import type { McpLimits } from './guard.js';

export async function runMcpServer(ctx: Context, limits: McpLimits): Promise<void> {
  const { McpServer } = await import('@modelcontextprotocol/sdk/server/mcp.js');
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const { registerTools } = await import('./tools.js');
  const { resolveProfile } = await import('../config/resolve.js');
  const { ProfileStore } = await import('../config/store.js');
  // Resolved once up front, as every command resolves it: a wrong --profile stops here, not at the first tool call.
  const { profile } = resolveProfile(ctx.global.profile, ctx.env, () => new ProfileStore(ctx.configDir));
  const server = new McpServer(
    { name: 'smsctl', version: ctx.version },
    {
      capabilities: { tools: {} },
      // The server's instructions are for the AI agent, an API contract like the tool descriptions.
      instructions:
        // i18n-ignore: for the AI agent
        'smsctl sends SMS and OTPs through Thai gateways (ThaiBulkSMS, SEPSMS, ME-SMS). Use preview_cost before send_sms; ' +
        // i18n-ignore: for the AI agent
        (limits.allowSend ? `real sends are capped at ${limits.maxRecipients} recipients and ${limits.maxCredits} credits a call.` : 'sending is off: send_sms and cancel_scheduled only plan.') +
        // i18n-ignore: for the AI agent
        (profile.sandbox ? ' This is the sandbox: nothing reaches a phone; sandbox_inbox shows what the phones received (OTP codes too).' : ''),
    },
  );
  registerTools(server, { ctx, limits, sandbox: profile.sandbox ? { url: profile.baseUrl } : undefined });
  const transport = new StdioServerTransport(ctx.stdin, ctx.stdout);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    ctx.stdin.once('end', () => resolve());
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.connect(transport);
  // stderr is the person's: the MCP client shows it as the server's log.
  const sending = limits.allowSend ? t('mcp.sending_allowed', { recipients: limits.maxRecipients, credits: limits.maxCredits }) : t('mcp.sending_off');
  const provider = profile.sandbox ? t('mcp.sandbox_provider', { provider: PROVIDER_NAMES[profile.provider] }) : PROVIDER_NAMES[profile.provider];
  ctx.stderr.write(`${t('mcp.started', { provider, profile: profile.name, sending })}\n`);
  await closed;
  await server.close();
}
