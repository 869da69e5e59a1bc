import type { Command } from 'commander';
import type { Context } from '../../../cli/context.js';
import { formatTable, emitResult, writeLine } from '../../../cli/output.js';
import { formatBangkokTime } from '../../../core/schedule.js';
import { callSandbox } from '../client.js';
import { sandboxTarget } from '../target.js';
import { answerError, describeTarget, eventsText, targetFlags, type TargetOptions, type WebhookView } from './shared.js';

export interface SandboxWebhooksListOptions extends TargetOptions {
  json?: boolean;
}

export function registerSandboxWebhooksList(parent: Command, ctx: Context): void {
  targetFlags(parent.command('list').description('the registered receivers (secrets masked)'))
    .option('--json', 'print JSON')
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
    writeLine(ctx.stderr, `No webhooks registered on ${describeTarget(sandboxTarget(opts, ctx))}. Add one: smsctl sandbox webhooks add http://127.0.0.1:4000/`);
    return;
  }
  const rows = webhooks.map((w) => [w.id, w.url, eventsText(w.events), w.secret, formatBangkokTime(new Date(w.createdAt))]);
  writeLine(ctx.stdout, formatTable(['id', 'url', 'events', 'secret', 'registered'], rows));
}
