import type { Command } from 'commander';
import type { Context } from '../../../cli/context.js';
import { formatTable, emitResult, writeLine } from '../../../cli/output.js';
import { formatTime } from '../../../i18n/dates.js';
import { t } from '../../../i18n/index.js';
import { callSandbox } from '../client.js';
import { sandboxTarget } from '../target.js';
import { answerError, describeTarget, eventsText, targetFlags, type TargetOptions, type WebhookView } from './shared.js';

export interface SandboxWebhooksListOptions extends TargetOptions {
  json?: boolean;
}

export function registerSandboxWebhooksList(parent: Command, ctx: Context): void {
  targetFlags(parent.command('list').description(t('sandbox.webhooks.list.description')))
    .option('--json', t('sandbox.opt.json'))
    .action((opts: SandboxWebhooksListOptions) => runSandboxWebhooksList(opts, ctx));
}

export async function fetchWebhooks(opts: TargetOptions, ctx: Context): Promise<WebhookView[]> {
  const target = sandboxTarget(opts, ctx);
  const res = await callSandbox<{ webhooks?: WebhookView[] }>(target, { path: '/webhooks' });
  if (res.status !== 200 || !Array.isArray(res.body?.webhooks)) throw answerError(target, '/webhooks', res);
  return res.body.webhooks;
}

export async function runSandboxWebhooksList(opts: SandboxWebhooksListOptions, ctx: Context): Promise<void> {
  const webhooks = await fetchWebhooks(opts, ctx);
  if (opts.json) return emitResult(ctx, { webhooks });
  if (webhooks.length === 0) {
    writeLine(ctx.stderr, t('sandbox.webhooks.list.none', { target: describeTarget(sandboxTarget(opts, ctx)) }));
    return;
  }
  const rows = webhooks.map((w) => [w.id, w.url, eventsText(w.events), w.secret, formatTime(new Date(w.createdAt))]);
  writeLine(ctx.stdout, formatTable([t('sandbox.webhooks.list.id'), t('sandbox.webhooks.list.url'), t('sandbox.webhooks.list.events'), t('sandbox.webhooks.list.secret'), t('sandbox.webhooks.list.registered')], rows));
}
