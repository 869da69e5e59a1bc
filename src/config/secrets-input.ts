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

interface SecretSpec {
  field: SecretField;
  label: string;
  env: string;
  required: boolean;
}

export function secretSpecs(provider: ProviderId): SecretSpec[] {
  const key: SecretSpec = { field: 'apiKey', label: 'API key', env: 'SMSCTL_API_KEY', required: true };
  if (provider !== 'thaibulksms') return [key];
  return [
    key,
    { field: 'apiSecret', label: 'API secret', env: 'SMSCTL_API_SECRET', required: true },
    { field: 'otpKey', label: 'OTP key (Enter to skip)', env: 'SMSCTL_OTP_KEY', required: false },
    { field: 'otpSecret', label: 'OTP secret (Enter to skip)', env: 'SMSCTL_OTP_SECRET', required: false },
  ];
}

export async function collectSecrets(
  ctx: Context,
  provider: ProviderId,
  fromStdin: boolean,
): Promise<Partial<Record<SecretField, string>>> {
  const specs = secretSpecs(provider);
  const values: Partial<Record<SecretField, string>> = {};
  const stdinLines = fromStdin ? await readLines(ctx) : undefined;
  for (const [i, spec] of specs.entries()) {
    let value: string | undefined;
    if (stdinLines) value = stdinLines[i];
    else if (ctx.env[spec.env]) value = ctx.env[spec.env];
    else if (isInteractive(ctx)) value = await ctx.prompter.secret(`${spec.label}:`);
    value = value?.trim();
    if (value) values[spec.field] = value;
    else if (spec.required) {
      throw new SmsctlError(
        'usage',
        fromStdin
          ? `--secrets-stdin: line ${i + 1} should hold the ${spec.label} (one secret per line: ${specs.map((s) => s.label.replace(/ \(.*/, '')).join(', ')})`
          : `the ${spec.label} is needed: set ${spec.env}, pipe it with --secrets-stdin, or run on a terminal to be prompted (secrets are never taken as flags)`,
        { code: 'SECRET_MISSING' },
      );
    }
  }
  return values;
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
