import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { usageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../../webhooks/names.js';
import { tolerance } from './flags.js';
import { listenError, portNumber } from '../../cli/listen.js';

export interface WebhookListenOptions {
  port: number;
  host: string;
  path: string;
  secret?: string;
  tolerance: number;
  forwardTo?: string;
  json?: boolean;
}

export function registerWebhookListen(parent: Command, ctx: Context): void {
  parent
    .command('listen')
    .description(t('webhook.listen.description'))
    .option('--port <port>', t('webhook.opt.port'), portNumber(), 4000)
    .option('--host <host>', t('webhook.opt.host'), '127.0.0.1')
    .option('--path <path>', t('webhook.opt.path'), '/')
    .option('--secret <secret>', t('webhook.opt.secret_listen'))
    .option('--tolerance <seconds>', t('webhook.opt.tolerance'), tolerance, DEFAULT_TOLERANCE_SECONDS)
    .option('--forward-to <url>', t('webhook.opt.forward_to'))
    .option('--json', t('webhook.opt.json'))
    .action((opts: WebhookListenOptions) => runWebhookListen(opts, ctx));
}

export async function runWebhookListen(opts: WebhookListenOptions, ctx: Context): Promise<void> {
  if (!opts.path.startsWith('/')) throw usageError(t('webhook.path_invalid', { path: opts.path.slice(0, 40) }), 'BAD_FLAG');
  const { checkDeliveryUrl } = await import('../../webhooks/urls.js');
  const forwardTo = opts.forwardTo === undefined ? undefined : checkDeliveryUrl(opts.forwardTo, '--forward-to');
  const { findWebhookSecret, noSecretHint } = await import('../../webhooks/secret.js');
  const secret = await findWebhookSecret(ctx, opts.secret);
  const { startListener } = await import('../../webhooks/listener.js');
  const { formatDelivery, formatForward, shortId } = await import('../../webhooks/format.js');
  const err = ctx.stderr;
  const listener = await startListener({
    host: opts.host,
    port: opts.port,
    path: opts.path,
    secret: secret?.value,
    toleranceSeconds: opts.tolerance,
    forwardTo,
    now: ctx.now,
    onDelivery: (d) => writeLine(ctx.stdout, opts.json ? JSON.stringify(d) : formatDelivery(d)),
    onRejected: (line) => writeLine(err, line),
    onDuplicate: (d) => writeLine(err, t('webhook.listen.duplicate', { event: d.event, id: shortId(d.txId) })),
    onForwarded: (d, outcome) => writeLine(err, formatForward(d, outcome, forwardTo!)),
  }).catch((error: NodeJS.ErrnoException) => {
    throw listenError(error, opts) ?? error;
  });
  // One write, so a reader that sees the first line sees the whole banner.
  const banner = [
    t('webhook.listen.listening', { url: listener.url }),
    `  ${secret ? t('webhook.listen.secret', { from: secret.from, tolerance: opts.tolerance }) : t('webhook.listen.no_secret', { hint: noSecretHint() })}`,
    `  ${t('webhook.listen.callbacks')}`,
    ...(forwardTo ? [`  ${t('webhook.listen.forwarding', { url: forwardTo })}`] : []),
    ...(/^(?:127(?:\.\d{1,3}){3}|localhost|::1)$/.test(opts.host) ? [] : [t('webhook.listen.wide_host', { host: opts.host })]),
  ];
  err.write(`${banner.join('\n')}\n`);
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await listener.close();
  const tally = listener.tally;
  const parts = [
    t('webhook.tally.received', { count: tally.received }),
    t('webhook.tally.verified', { n: tally.verified }),
    t('webhook.tally.callbacks', { count: tally.callbacks }),
    t('webhook.tally.rejected', { n: tally.rejected }),
    t('webhook.tally.duplicates', { count: tally.duplicates }),
    ...(forwardTo ? [t('webhook.tally.forwarded', { n: tally.forwarded }), t('webhook.tally.not_forwarded', { n: tally.forwardFailed })] : []),
  ];
  writeLine(err, t('webhook.listen.stopped', { parts: parts.join(t('webhook.listen.sep')) }));
  if (opts.json) emitResult(ctx, { ...tally });
}
