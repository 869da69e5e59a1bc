/**
 * Secrets never come from flags (shell history, `ps`). On a terminal they are prompted
 * for with masked input; otherwise they come from SMSCTL_* variables or, with
 * --secrets-stdin, from standard input (one per line, in the order the profile needs them).
 */
import { SmsctlError } from '../errors.js';
import type { Context } from '../cli/context.js';
import { isInteractive } from '../cli/context.js';
import type { ProviderId } from '../providers/types.js';
import type { SecretField } from './profile.js';

export interface SecretSpec {
  field: SecretField;
  label: string;
  env: string;
  required: boolean;
  /** Asked for only when this one was given (the OTP secret goes with the OTP key), and then needed. */
  pairedWith?: SecretField;
}

/** Empty answers at a masked prompt for a needed secret before giving up. */
const MAX_EMPTY_ANSWERS = 3;

export function secretSpecs(provider: ProviderId): SecretSpec[] {
  const key: SecretSpec = { field: 'apiKey', label: 'API key', env: 'SMSCTL_API_KEY', required: true };
  if (provider !== 'thaibulksms') return [key];
  return [
    key,
    { field: 'apiSecret', label: 'API secret', env: 'SMSCTL_API_SECRET', required: true },
    { field: 'otpKey', label: 'OTP key (Enter to skip)', env: 'SMSCTL_OTP_KEY', required: false },
    { field: 'otpSecret', label: 'OTP secret', env: 'SMSCTL_OTP_SECRET', required: true, pairedWith: 'otpKey' },
  ];
}

export const SECRET_LABELS: Readonly<Record<SecretField, string>> = {
  apiKey: 'API key',
  apiSecret: 'API secret',
  otpKey: 'OTP key',
  otpSecret: 'OTP secret',
  webhookSecret: 'webhook secret',
};

/** Asked for only when wanted (profile add --webhook-secret, profile edit --set-key webhook-secret); any provider, sandbox profiles too. */
export const WEBHOOK_SECRET_SPEC: SecretSpec = { field: 'webhookSecret', label: 'Webhook secret', env: 'SMSCTL_WEBHOOK_SECRET', required: true };

/** The label without its "(Enter to skip)". */
export const shortLabel = (spec: SecretSpec): string => spec.label.replace(/ \(.*/, '');

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
  const list = specs.map(shortLabel).join(', ');
  for (const [i, spec] of specs.entries()) {
    const paired = spec.pairedWith ? (values[spec.pairedWith] ?? have[spec.pairedWith]) : undefined;
    let value: string | undefined;
    let from: string;
    if (stdinLines) {
      value = stdinLines[i]?.trim();
      from = `--secrets-stdin line ${i + 1}`;
    } else if (ctx.env[spec.env]) {
      value = ctx.env[spec.env]!.trim();
      from = spec.env;
    } else {
      from = 'the prompt';
      // Skipping the OTP key skips its secret: nothing to pair it with.
      if (spec.pairedWith && !paired) continue;
      if (isInteractive(ctx)) value = await ask(ctx, spec);
    }
    if (spec.pairedWith && !paired) {
      if (!value) continue;
      throw new SmsctlError('usage', `${from} gives an ${shortLabel(spec)} but there is no ${SECRET_LABELS[spec.pairedWith]}; give both or neither`, {
        code: 'SECRET_MISSING',
      });
    }
    if (value) values[spec.field] = value;
    else if (spec.required) {
      throw new SmsctlError(
        'usage',
        stdinLines
          ? `--secrets-stdin: line ${i + 1} should hold the ${shortLabel(spec)} (one secret per line: ${list})`
          : isInteractive(ctx)
            ? `no ${shortLabel(spec)} given; nothing was saved`
            : `the ${shortLabel(spec)} is needed: set ${spec.env}, pipe it with --secrets-stdin, or run on a terminal to be prompted (secrets are never taken as flags)`,
        { code: 'SECRET_MISSING' },
      );
    }
  }
  return values;
}

/** A masked prompt; a needed secret left empty is asked for again, a few times. */
async function ask(ctx: Context, spec: SecretSpec): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const value = (await ctx.prompter.secret(`${spec.label}:`)).trim();
    if (value || !spec.required || attempt >= MAX_EMPTY_ANSWERS) return value;
    ctx.stderr.write(`The ${shortLabel(spec)} is needed; paste it (input stays hidden), or press Ctrl-C to stop.\n`);
  }
}

async function readLines(ctx: Context): Promise<string[]> {
  if (ctx.stdin.isTTY) {
    throw new SmsctlError('usage', '--secrets-stdin: standard input is a terminal; pipe the secrets in instead', {
      code: 'SECRET_MISSING',
    });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
}
