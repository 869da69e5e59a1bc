import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { t } from '../../i18n/index.js';
import { registerWebhookListen } from './listen.js';
import { registerWebhookTrigger } from './trigger.js';
import { registerWebhookVerify } from './verify.js';

export function registerWebhook(program: Command, ctx: Context): void {
  const webhook = program.command('webhook').description(t('help.group.webhook'));
  registerWebhookListen(webhook, ctx);
  registerWebhookVerify(webhook, ctx);
  registerWebhookTrigger(webhook, ctx);
}
