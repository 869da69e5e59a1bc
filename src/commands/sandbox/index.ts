import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { t } from '../../i18n/index.js';
import { registerSandboxInbox } from './inbox.js';
import { registerSandboxOpen } from './open.js';
import { registerSandboxServe } from './serve.js';
import { registerSandboxWebhooks } from './webhooks/index.js';

export function registerSandbox(program: Command, ctx: Context): void {
  const sandbox = program.command('sandbox').description(t('help.group.sandbox'));
  registerSandboxServe(sandbox, ctx);
  registerSandboxInbox(sandbox, ctx);
  registerSandboxOpen(sandbox, ctx);
  registerSandboxWebhooks(sandbox, ctx);
}
