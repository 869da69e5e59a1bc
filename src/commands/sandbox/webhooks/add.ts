import type { Command } from 'commander';
import type { Context } from '../../../cli/context.js';
import { emitResult, writeLine } from '../../../cli/output.js';
import { usageError } from '../../../errors.js';
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
      .description('register a receiver: the sandbox POSTs signed SEPSMS events to it as its messages and OTPs progress')
      .argument('<receiver-url>', 'where events go, e.g. http://127.0.0.1:4000/ (`smsctl webhook listen`)')
      .option('--events <names...>', 'only these events (comma or space separated; default: all)')
      .option('--secret <secret>', 'signing secret, 8 to 256 characters (default: a new whsec_… one, shown once)', (v: string) => {
        if (v.length < 8 || v.length > 256) throw usageError(`--secret: expected 8 to 256 characters, got ${v.length}`, 'BAD_FLAG');
        return v;
      }),
  )
    .option('--json', 'print JSON')
    .action((url: string, opts: SandboxWebhooksAddOptions) => runSandboxWebhooksAdd(url, opts, ctx));
}

export async function runSandboxWebhooksAdd(receiverUrl: string, opts: SandboxWebhooksAddOptions, ctx: Context): Promise<void> {
  if (!URL.canParse(receiverUrl) || !/^https?:$/.test(new URL(receiverUrl).protocol)) {
    throw usageError(`receiver URL "${receiverUrl}": expected an http:// or https:// URL, e.g. http://127.0.0.1:4000/`, 'BAD_WEBHOOK_URL');
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
  writeLine(ctx.stderr, `Registered ${webhook.id} on ${describeTarget(target)}: ${eventsText(webhook.events)} → ${webhook.url}`);
  // The secret is data (the user's test secret for the sandbox): stdout, this once.
  writeLine(ctx.stdout, `Signing secret: ${webhook.secret}`);
  writeLine(ctx.stderr, 'It is shown only now: give it to the receiver, e.g. SMSCTL_WEBHOOK_SECRET=<it> smsctl webhook listen.');
}
