import type { Command } from 'commander';
import type { Context } from '../../../cli/context.js';
import { emitResult, writeLine } from '../../../cli/output.js';
import { invalidInput } from '../../../errors.js';
import { t } from '../../../i18n/index.js';
import { callSandbox } from '../client.js';
import { sandboxTarget } from '../target.js';
import { fetchWebhooks } from './list.js';
import { answerError, describeTarget, targetFlags, type TargetOptions, type WebhookView } from './shared.js';

export interface SandboxWebhooksRemoveOptions extends TargetOptions {
  json?: boolean;
}

export function registerSandboxWebhooksRemove(parent: Command, ctx: Context): void {
  targetFlags(
    parent
      .command('remove')
      .description(t('sandbox.webhooks.remove.description'))
      .argument('<id-or-url>', t('sandbox.webhooks.remove.arg')),
  )
    .option('--json', t('sandbox.opt.json'))
    .action((which: string, opts: SandboxWebhooksRemoveOptions) => runSandboxWebhooksRemove(which, opts, ctx));
}

export async function runSandboxWebhooksRemove(which: string, opts: SandboxWebhooksRemoveOptions, ctx: Context): Promise<void> {
  const target = sandboxTarget(opts, ctx);
  let id = which;
  if (!which.startsWith('wh_')) {
    const matches = (await fetchWebhooks(opts, ctx)).filter((w) => w.url === which);
    if (matches.length === 0) throw invalidInput(t('sandbox.webhooks.remove.not_found', { which, target: describeTarget(target) }), 'WEBHOOK_NOT_FOUND');
    id = matches[0]!.id;
  }
  const path = `/webhooks/${encodeURIComponent(id)}`;
  const res = await callSandbox<{ removed?: WebhookView }>(target, { method: 'DELETE', path });
  const removed = res.body?.removed;
  if (res.status === 404) throw invalidInput(t('sandbox.webhooks.remove.not_found', { which, target: describeTarget(target) }), 'WEBHOOK_NOT_FOUND');
  if (res.status !== 200 || !removed) throw answerError(target, path, res);
  if (opts.json) return emitResult(ctx, { removed });
  writeLine(ctx.stderr, t('sandbox.webhooks.remove.removed', { id: removed.id, url: removed.url }));
}
