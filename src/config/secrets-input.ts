/**
 * Secrets never come from flags (shell history, `ps`). On a terminal they are prompted
 * for with masked input; otherwise they come from SMSCTL_* variables or, with
 * --secrets-stdin, from standard input (one per line, in the order the profile needs them).
 */
import { SmsctlError } from '../errors.js';
import type { Context } from '../cli/context.js';
import { isInteractive } from '../cli/context.js';
import { t } from '../i18n/index.js';
import type { ProviderId } from '../providers/types.js';
import type { SecretField } from './profile.js';

export interface SecretSpec {
  field: SecretField;
  /** The masked prompt, when not the secret's own (profile edit asks for the "New API key:"). */
  prompt?: string;
  env: string;
  required: boolean;
  /** Asked for only when this one was given (the OTP secret goes with the OTP key), and then needed. */
  pairedWith?: SecretField;
}

/** Empty answers at a masked prompt for a needed secret before giving up. */
const MAX_EMPTY_ANSWERS = 3;

export function secretSpecs(provider: ProviderId): SecretSpec[] {
  const key: SecretSpec = { field: 'apiKey', env: 'SMSCTL_API_KEY', required: true };
  if (provider !== 'thaibulksms') return [key];
  return [
    key,
    { field: 'apiSecret', env: 'SMSCTL_API_SECRET', required: true },
    { field: 'otpKey', env: 'SMSCTL_OTP_KEY', required: false },
    { field: 'otpSecret', env: 'SMSCTL_OTP_SECRET', required: true, pairedWith: 'otpKey' },
  ];
}

/** A secret's name inside a sentence ("the API key is needed"), in the user's language. */
export const secretLabel = (field: SecretField): string => t(`config.secret.${field}` as const);

/** The masked prompt: the OTP key's says it may be skipped. */
const promptOf = (spec: SecretSpec): string => spec.prompt ?? t(`config.secret_prompt.${spec.field}` as const);

/** Asked for only when wanted (profile add --webhook-secret, profile edit --set-key webhook-secret); any provider, sandbox profiles too. */
export const WEBHOOK_SECRET_SPEC: SecretSpec = { field: 'webhookSecret', env: 'SMSCTL_WEBHOOK_SECRET', required: true };

export async function collectSecrets(
  ctx: Context,
  provider: ProviderId,
  fromStdin: boolean,
): Promise<Partial<Record<SecretField, string>>> {
  return collectSecretsFor(ctx, secretSpecs(provider), fromStdin);
}

/**
 * Reads the secrets of `specs`, in that order (profile edit passes just the keys it changes):
 * --secrets-stdin line i is specs[i]; else SMSCTL_*; else a masked prompt on a terminal.
 */
export async function collectSecretsFor(
  ctx: Context,
  specs: readonly SecretSpec[],
  fromStdin: boolean,
  have: Partial<Record<SecretField, string>> = {},
): Promise<Partial<Record<SecretField, string>>> {
  const values: Partial<Record<SecretField, string>> = {};
  const stdinLines = fromStdin ? await readLines(ctx) : undefined;
  const list = specs.map((s) => secretLabel(s.field)).join(', ');
  for (const [i, spec] of specs.entries()) {
    const paired = spec.pairedWith ? (values[spec.pairedWith] ?? have[spec.pairedWith]) : undefined;
    let value: string | undefined;
    let from: string;
    if (stdinLines) {
      value = stdinLines[i]?.trim();
      from = t('config.secrets.from_stdin_line', { line: i + 1 });
    } else if (ctx.env[spec.env]) {
      value = ctx.env[spec.env]!.trim();
      from = spec.env;
    } else {
      from = t('config.secrets.from_prompt');
      // Skipping the OTP key skips its secret: nothing to pair it with.
      if (spec.pairedWith && !paired) continue;
      if (isInteractive(ctx)) value = await ask(ctx, spec);
    }
    if (spec.pairedWith && !paired) {
      if (!value) continue;
      throw new SmsctlError('usage', t('config.secrets.unpaired', { from, secret: secretLabel(spec.field), paired: secretLabel(spec.pairedWith) }), {
        code: 'SECRET_MISSING',
      });
    }
    if (value) values[spec.field] = value;
    else if (spec.required) {
      const secret = secretLabel(spec.field);
      throw new SmsctlError(
        'usage',
        stdinLines
          ? t('config.secrets.stdin_line_missing', { line: i + 1, secret, list })
          : isInteractive(ctx)
            ? t('config.secrets.none_given', { secret })
            : t('config.secrets.needed', { secret, env: spec.env }),
        { code: 'SECRET_MISSING' },
      );
    }
  }
  return values;
}

/** A masked prompt; a needed secret left empty is asked for again, a few times. */
async function ask(ctx: Context, spec: SecretSpec): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const value = (await ctx.prompter.secret(promptOf(spec))).trim();
    if (value || !spec.required || attempt >= MAX_EMPTY_ANSWERS) return value;
    ctx.stderr.write(`${t('config.secrets.ask_again', { secret: secretLabel(spec.field) })}\n`);
  }
}

async function readLines(ctx: Context): Promise<string[]> {
  if (ctx.stdin.isTTY) {
    throw new SmsctlError('usage', t('config.secrets.stdin_is_tty'), {
      code: 'SECRET_MISSING',
    });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
}
