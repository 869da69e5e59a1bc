import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, plural, writeLine } from '../../cli/output.js';
import { usageError } from '../../errors.js';
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
    .description('receive webhooks and callbacks until Ctrl-C: verify SEPSMS signatures, drop repeats, print a line per event, forward to your app')
    .option('--port <port>', 'port to listen on (0 picks a free one)', portNumber(), 4000)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--path <path>', 'the path deliveries are POSTed to (others are 404)', '/')
    .option('--secret <secret>', 'the webhook signing secret (default: SMSCTL_WEBHOOK_SECRET, then the profile\'s; prefer those: a flag stays in shell history)')
    .option('--tolerance <seconds>', 'how far a signature\'s time may be from now, either way', tolerance, DEFAULT_TOLERANCE_SECONDS)
    .option('--forward-to <url>', 'send each accepted delivery on to this URL (https, or http to 127.0.0.1/localhost), headers and body unchanged')
    .option('--json', 'one JSON object per event on stdout, then the summary envelope at Ctrl-C')
    .action((opts: WebhookListenOptions) => runWebhookListen(opts, ctx));
}

export async function runWebhookListen(opts: WebhookListenOptions, ctx: Context): Promise<void> {
  if (!opts.path.startsWith('/')) throw usageError(`--path: "${opts.path.slice(0, 40)}" must start with /`, 'BAD_FLAG');
  const { checkDeliveryUrl } = await import('../../webhooks/urls.js');
  const forwardTo = opts.forwardTo === undefined ? undefined : checkDeliveryUrl(opts.forwardTo, '--forward-to');
  const { findWebhookSecret, NO_SECRET_HINT } = await import('../../webhooks/secret.js');
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
    onDuplicate: (d) => writeLine(err, `duplicate ${d.event} txId ${shortId(d.txId)} dropped (already received); answered 200 so the sender stops retrying`),
    onForwarded: (d, outcome) => writeLine(err, formatForward(d, outcome, forwardTo!)),
  }).catch((error: NodeJS.ErrnoException) => {
    throw listenError(error, opts) ?? error;
  });
  // One write, so a reader that sees the first line sees the whole banner.
  const banner = [
    `Listening on ${listener.url}  (Ctrl-C to stop)`,
    secret
      ? `  SEPSMS webhooks: verified with the secret from ${secret.from}, tolerance ${opts.tolerance} s`
      : `  SEPSMS webhooks: no secret, so every signed delivery is refused (401); ${NO_SECRET_HINT}`,
    '  ThaiBulkSMS callbacks (GET, POST, PUT): shown as they come; they are unsigned, so anyone who reaches this port can send one',
    ...(forwardTo ? [`  Forwarding to ${forwardTo}`] : []),
    ...(/^(?:127(?:\.\d{1,3}){3}|localhost|::1)$/.test(opts.host)
      ? []
      : [`warning: --host ${opts.host} is reachable from other machines: anyone there can send callbacks, and every delivery's phone numbers arrive in clear text`]),
  ];
  err.write(`${banner.join('\n')}\n`);
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await listener.close();
  const t = listener.tally;
  const parts = [
    `${plural(t.received, 'delivery', 'deliveries')} received`,
    `${t.verified} verified`,
    `${plural(t.callbacks, 'callback')}`,
    `${t.rejected} rejected`,
    `${plural(t.duplicates, 'duplicate')}`,
    ...(forwardTo ? [`${t.forwarded} forwarded`, `${t.forwardFailed} not forwarded`] : []),
  ];
  writeLine(err, `Stopped: ${parts.join(', ')}.`);
  if (opts.json) emitResult(ctx, { ...t });
}
