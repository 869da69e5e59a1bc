/**
 * The human's limits on what an agent may do: sending only with --allow-send, never past
 * the caps, and — where the client can ask (MCP elicitation) — each real send or cancel
 * confirmed by the human with its exact figures.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { t } from '../i18n/index.js';

export interface McpLimits {
  allowSend: boolean;
  maxRecipients: number;
  maxCredits: number;
}

export type Confirmation = 'confirmed' | 'declined' | 'not-asked';

export async function confirmWithHuman(server: McpServer, message: string): Promise<Confirmation> {
  if (!server.server.getClientCapabilities()?.elicitation) return 'not-asked';
  try {
    const answer = await server.server.elicitInput({
      message,
      requestedSchema: {
        type: 'object',
        // The form the client shows the human: in the chosen language, as the question is.
        properties: { confirm: { type: 'boolean', title: t('mcp.confirm_title'), description: t('mcp.confirm_description') } },
        required: ['confirm'],
      },
    });
    return answer.action === 'accept' && answer.content?.confirm === true ? 'confirmed' : 'declined';
  } catch {
    // No answer (the client failed or timed out) is not a yes.
    return 'declined';
  }
}
