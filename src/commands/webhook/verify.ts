import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { writeLine } from '../../cli/output.js';
import { SmsctlError, invalidInput, usageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
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
    .description(t('webhook.verify.description'))
    .requiredOption('--signature <header>', t('webhook.opt.signature'))
    .requiredOption('--body-file <file>', t('webhook.opt.body_file'))
    .option('--secret <secret>', t('webhook.opt.secret'))
    .option('--timestamp <unix>', t('webhook.opt.timestamp'))
    .option('--tolerance <seconds>', t('webhook.opt.tolerance_verify'), tolerance, DEFAULT_TOLERANCE_SECONDS)
    .action((opts: WebhookVerifyOptions) => runWebhookVerify(opts, ctx));
}

export async function runWebhookVerify(opts: WebhookVerifyOptions, ctx: Context): Promise<void> {
  const { findWebhookSecret, noSecretHint } = await import('../../webhooks/secret.js');
  const secret = await findWebhookSecret(ctx, opts.secret);
  if (!secret) throw usageError(t('webhook.verify.no_secret', { hint: noSecretHint() }), 'SECRET_MISSING');
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
  if (!verdict.ok) throw new SmsctlError('invalid', t('webhook.verify.not_valid', { reason: verdict.message }), { code: verdict.code });
  const { formatTime } = await import('../../i18n/dates.js');
  const when = verdict.ageSeconds >= 0 ? t('webhook.verify.ago', { n: verdict.ageSeconds }) : t('webhook.verify.ahead', { n: -verdict.ageSeconds });
  const which = verdict.of > 1 ? t('webhook.verify.matches_of', { matched: verdict.matched, of: verdict.of }) : t('webhook.verify.matches');
  writeLine(ctx.stdout, t('webhook.verify.valid', { which, from: secret.from, time: formatTime(new Date(verdict.timestamp * 1000)), when }));
}

async function readBodyFile(file: string, ctx: Context): Promise<Buffer> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks);
  }
  const { readFile, stat } = await import('node:fs/promises');
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) throw invalidInput(t('webhook.body_file.directory', { file }), 'NOT_A_FILE');
  if (!info) throw invalidInput(t('webhook.body_file.missing', { file }), 'FILE_NOT_FOUND');
  return readFile(file);
}
