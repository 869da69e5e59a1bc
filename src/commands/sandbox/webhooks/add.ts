import type { Command } from 'commander';
import type { Context } from '../../../cli/context.js';
import { emitResult, writeLine } from '../../../cli/output.js';
import { usageError } from '../../../errors.js';
import { t } from '../../../i18n/index.js';
import { callSandbox } from '../client.js';
import { sandboxTarget } from '../target.js';
import { answerError, describeTarget, eventsText, targetFlags, type TargetOptions, type WebhookView } from './shared.js';

export interface SandboxWebhooksAddOptions extends TargetOptions {
  events?: string[];
  secret?: string;
  json?: boolean;
}

export function registerSandboxWebhooksAdd(parent: Command, ctx: Context): void {
  targetFlags(
    parent
      .command('add')
      .description(t('sandbox.webhooks.add.description'))
      .argument('<receiver-url>', t('sandbox.webhooks.add.arg.url'))
      .option('--events <names...>', t('sandbox.webhooks.add.opt.events'))
      .option('--secret <secret>', t('sandbox.webhooks.add.opt.secret'), (v: string) => {
        if (v.length < 8 || v.length > 256) throw usageError(t('sandbox.webhooks.add.bad_secret', { length: v.length }), 'BAD_FLAG');
        return v;
      }),
  )
    .option('--json', t('sandbox.opt.json'))
    .action((url: string, opts: SandboxWebhooksAddOptions) => runSandboxWebhooksAdd(url, opts, ctx));
}

export async function runSandboxWebhooksAdd(receiverUrl: string, opts: SandboxWebhooksAddOptions, ctx: Context): Promise<void> {
  if (!URL.canParse(receiverUrl) || !/^https?:$/.test(new URL(receiverUrl).protocol)) {
    throw usageError(t('sandbox.webhooks.add.bad_url', { url: receiverUrl }), 'BAD_WEBHOOK_URL');
  }
  const events = opts.events?.flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean);
  const target = sandboxTarget(opts, ctx);
  const res = await callSandbox<{ webhook?: WebhookView }>(target, {
    method: 'POST',
    path: '/webhooks',
    body: { url: receiverUrl, ...(events && { events }), ...(opts.secret !== undefined && { secret: opts.secret }) },
  });
  const webhook = res.body?.webhook;
  if (res.status !== 201 || !webhook) throw answerError(target, '/webhooks', res);
  if (opts.json) return emitResult(ctx, { webhook });
  writeLine(ctx.stderr, t('sandbox.webhooks.add.registered', { id: webhook.id, target: describeTarget(target), events: eventsText(webhook.events), url: webhook.url }));
  // The secret is data (the user's test secret for the sandbox): stdout, this once.
  writeLine(ctx.stdout, t('sandbox.webhooks.add.secret', { secret: webhook.secret }));
  writeLine(ctx.stderr, t('sandbox.webhooks.add.shown_once'));
}
