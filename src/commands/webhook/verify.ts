import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { writeLine } from '../../cli/output.js';
import { SmsctlError, invalidInput, usageError } from '../../errors.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../../webhooks/names.js';
import { tolerance } from './flags.js';

export interface WebhookVerifyOptions {
  signature: string;
  bodyFile: string;
  secret?: string;
  timestamp?: string;
  tolerance: number;
}

export function registerWebhookVerify(parent: Command, ctx: Context): void {
  parent
    .command('verify')
    .description('check one captured SEPSMS webhook: valid (exit 0), or exactly why not (exit 3)')
    .requiredOption('--signature <header>', 'the X-Webhook-Signature value, e.g. "t=1737020405,v1=5f0e…"')
    .requiredOption('--body-file <file>', 'the raw body as received, byte for byte ("-" reads stdin)')
    .option('--secret <secret>', 'the webhook signing secret (default: SMSCTL_WEBHOOK_SECRET, then the profile\'s)')
    .option('--timestamp <unix>', 'the X-Webhook-Timestamp value, checked against the signature\'s t')
    .option('--tolerance <seconds>', 'how far the signature\'s time may be from now, either way', tolerance, DEFAULT_TOLERANCE_SECONDS)
    .action((opts: WebhookVerifyOptions) => runWebhookVerify(opts, ctx));
}

export async function runWebhookVerify(opts: WebhookVerifyOptions, ctx: Context): Promise<void> {
  const { findWebhookSecret, NO_SECRET_HINT } = await import('../../webhooks/secret.js');
  const secret = await findWebhookSecret(ctx, opts.secret);
  if (!secret) throw usageError(`no webhook secret to verify with; ${NO_SECRET_HINT}`, 'SECRET_MISSING');
  const body = await readBodyFile(opts.bodyFile, ctx);
  const { verifySignature } = await import('../../webhooks/signature.js');
  const verdict = verifySignature({
    header: opts.signature,
    timestampHeader: opts.timestamp,
    body,
    secret: secret.value,
    toleranceSeconds: opts.tolerance,
    nowSeconds: Math.floor(ctx.now().getTime() / 1000),
  });
  if (!verdict.ok) throw new SmsctlError('invalid', `not valid: ${verdict.reason}`, { code: verdict.code });
  const { formatBangkokTime } = await import('../../core/schedule.js');
  const when = verdict.ageSeconds >= 0 ? `${verdict.ageSeconds} s ago` : `${-verdict.ageSeconds} s ahead`;
  const which = verdict.of > 1 ? `v1 ${verdict.matched} of ${verdict.of} matches` : 'v1 matches';
  writeLine(ctx.stdout, `valid: ${which} (secret from ${secret.from}); signed ${formatBangkokTime(new Date(verdict.timestamp * 1000))}, ${when}`);
}

async function readBodyFile(file: string, ctx: Context): Promise<Buffer> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks);
  }
  const { readFile, stat } = await import('node:fs/promises');
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) throw invalidInput(`--body-file ${file}: is a directory, not a file`, 'NOT_A_FILE');
  if (!info) throw invalidInput(`--body-file ${file}: no such file`, 'FILE_NOT_FOUND');
  return readFile(file);
}
