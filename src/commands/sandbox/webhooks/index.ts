import type { Command } from 'commander';
import type { Context } from '../../../cli/context.js';
import { registerSandboxWebhooksAdd } from './add.js';
import { registerSandboxWebhooksList } from './list.js';
import { registerSandboxWebhooksRemove } from './remove.js';

export function registerSandboxWebhooks(parent: Command, ctx: Context): void {
  const webhooks = parent.command('webhooks').description('receivers the sandbox sends signed SEPSMS webhook events to');
  registerSandboxWebhooksAdd(webhooks, ctx);
  registerSandboxWebhooksList(webhooks, ctx);
  registerSandboxWebhooksRemove(webhooks, ctx);
}
