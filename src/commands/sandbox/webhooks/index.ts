import type { Command } from 'commander';
import type { Context } from '../../../cli/context.js';
import { t } from '../../../i18n/index.js';
import { registerSandboxWebhooksAdd } from './add.js';
import { registerSandboxWebhooksList } from './list.js';
import { registerSandboxWebhooksRemove } from './remove.js';

export function registerSandboxWebhooks(parent: Command, ctx: Context): void {
  const webhooks = parent.command('webhooks').description(t('help.group.sandbox_webhooks'));
  registerSandboxWebhooksAdd(webhooks, ctx);
  registerSandboxWebhooksList(webhooks, ctx);
  registerSandboxWebhooksRemove(webhooks, ctx);
}
