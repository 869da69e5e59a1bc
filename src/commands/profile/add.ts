import { Option, type Command } from 'commander';
import { SmsctlError, invalidInput } from '../../errors.js';
import type { Context } from '../../cli/context.js';
import { formatNumber, writeLine } from '../../cli/output.js';
import { checkBaseUrl } from '../../config/base-url.js';
import { BUILTIN_SANDBOX_PROFILE, type Profile } from '../../config/profile.js';
import { parseProviderId } from '../../config/resolve.js';
import { PROVIDER_NAMES } from '../../providers/types.js';
import { openStore } from './store.js';
import { parseRate } from '../../send/pacing.js';

export interface ProfileAddOptions extends ProfileSettings {
  name: string;
  provider: string;
  default?: boolean;
  sandbox?: boolean;
  secretsStdin?: boolean;
  /** Also ask for the secret SEPSMS signs webhooks with (masked; SMSCTL_WEBHOOK_SECRET; the last --secrets-stdin line). */
  webhookSecret?: boolean;
  force?: boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const SECRET_FLAGS = ['--api-key', '--api-secret', '--otp-key', '--otp-secret', '--key', '--secret'];

export function registerProfileAdd(parent: Command, ctx: Context): void {
  const cmd = parent
    .command('add <name>')
    .description('add a profile; secrets are prompted for (masked), or read from SMSCTL_* variables or --secrets-stdin')
    .requiredOption('--provider <provider>', 'thaibulksms | sepsms | mesms')
    .option('--sender <name>', 'default sender name')
    .option('--base-url <url>', 'API base URL (https; http only for 127.0.0.1)')
    .option('--otp-base-url <url>', 'ThaiBulkSMS OTP base URL')
    .option('--rate <rate>', 'send pace for this profile, e.g. 60/min or 20/s (default: the provider\'s published limit)', (v) => (parseRate(v), v))
    .option('--concurrency <n>', 'send requests in flight at once for this profile', (v) => positiveInt(v, '--concurrency'))
    .option('--batch-size <n>', 'recipients per request for this profile (SEPSMS: default 10,000, no published cap; others: at most their limit)', (v) => positiveInt(v, '--batch-size'))
    .option('--exclude-file <file>', 'opt-out list every send with this profile applies: a CSV with a phone column, or one number per line (stored as an absolute path)')
    .option('--credit-type <type>', 'ThaiBulkSMS: the credit every send is charged to, standard or corporate (default: the dashboard\'s setting)')
    .option('--default', 'make this the default profile')
    .option('--sandbox', 'use the built-in emulator (no account, no keys); with --base-url, a running `smsctl sandbox serve`')
    .option('--secrets-stdin', 'read secrets from stdin, one per line: API key[, API secret, OTP key, OTP secret][, webhook secret]')
    .option('--webhook-secret', 'also store the webhook signing secret for `smsctl webhook`: prompted for (masked), or SMSCTL_WEBHOOK_SECRET, or the --secrets-stdin line after the keys (line 2; ThaiBulkSMS line 5; a sandbox profile line 1)')
    .option('--force', 'replace an existing profile of that name');
  addSecretFlagTraps(cmd);
  cmd.action(async (name: string, opts: Omit<ProfileAddOptions, 'name'> & Record<string, unknown>) => {
    refuseSecretFlags(opts);
    await runProfileAdd({ ...opts, name }, ctx);
  });
}

/** The hidden --api-key, --secret, … flags exist only to refuse them, without echoing the value. */
export function addSecretFlagTraps(cmd: Command): void {
  for (const flag of SECRET_FLAGS) cmd.addOption(new Option(`${flag} <value>`).hideHelp());
}

export function refuseSecretFlags(opts: Record<string, unknown>): void {
  const given = SECRET_FLAGS.find((f) => opts[camel(f)] !== undefined);
  if (given) {
    throw new SmsctlError(
      'usage',
      `${given}: secrets are never taken as flags (they would land in shell history and process lists); you will be prompted, or set SMSCTL_API_KEY/SMSCTL_API_SECRET, or use --secrets-stdin`,
      { code: 'SECRET_AS_FLAG' },
    );
  }
}

export async function runProfileAdd(opts: ProfileAddOptions, ctx: Context): Promise<void> {
  if (!NAME.test(opts.name)) {
    throw new SmsctlError('usage', `profile name "${opts.name}": use letters, digits, '.', '_' or '-' (at most 64)`, {
      code: 'BAD_PROFILE_NAME',
    });
  }
  if (opts.name === BUILTIN_SANDBOX_PROFILE.name) {
    throw new SmsctlError('usage', `"${opts.name}" is the built-in sandbox profile; pick another name (e.g. add --sandbox)`, {
      code: 'BAD_PROFILE_NAME',
    });
  }
  const provider = parseProviderId(opts.provider, '--provider');
  const profile: Profile = { name: opts.name, provider };
  await applySettings(profile, opts);
  const store = await openStore(ctx);
  if (store.get(opts.name) && !opts.force) {
    throw new SmsctlError('usage', `profile "${opts.name}" exists; remove it first or pass --force to replace it`, {
      code: 'PROFILE_EXISTS',
    });
  }
  if (opts.sandbox) {
    profile.sandbox = true;
    // The emulated SEPSMS and ME-SMS require a sender; give sandbox profiles a working one.
    profile.sender ??= 'SMSCTL';
  }
  const { WEBHOOK_SECRET_SPEC, collectSecretsFor, secretSpecs } = await import('../../config/secrets-input.js');
  // A sandbox profile has the sandbox's keys, but may still want a webhook secret of its own.
  const specs = [...(profile.sandbox ? [] : secretSpecs(provider)), ...(opts.webhookSecret ? [WEBHOOK_SECRET_SPEC] : [])];
  if (specs.length) Object.assign(profile, await collectSecretsFor(ctx, specs, Boolean(opts.secretsStdin)));
  store.save(profile);
  const makeDefault = opts.default || !store.defaultName();
  if (makeDefault) store.setDefault(profile.name);
  const where = profile.sandbox ? ' (sandbox)' : '';
  writeLine(
    ctx.stderr,
    `Added profile ${profile.name}: ${PROVIDER_NAMES[provider]}${where}${makeDefault ? ', now the default' : ''}. Check it with: smsctl profile test ${profile.name}`,
  );
}

/** What `profile add` and `profile edit` may set besides the keys. */
export interface ProfileSettings {
  sender?: string;
  baseUrl?: string;
  otpBaseUrl?: string;
  batchSize?: number;
  rate?: string;
  concurrency?: number;
  /** An opt-out list; stored as an absolute path, so a send from any directory applies it. */
  excludeFile?: string;
  /** ThaiBulkSMS: standard | corporate. */
  creditType?: string;
}

/**
 * Checks the given settings against what a send would later refuse, using the provider's
 * own capabilities (recipients per request, sender length), then writes them into the profile.
 */
export async function applySettings(profile: Profile, opts: ProfileSettings): Promise<void> {
  const name = PROVIDER_NAMES[profile.provider];
  if (opts.otpBaseUrl !== undefined && profile.provider !== 'thaibulksms') {
    throw new SmsctlError('usage', `--otp-base-url: only ThaiBulkSMS has a separate OTP service (this profile is ${name})`, { code: 'BAD_FLAG' });
  }
  const baseUrl = opts.baseUrl === undefined ? undefined : checkBaseUrl(opts.baseUrl, '--base-url');
  const otpBaseUrl = opts.otpBaseUrl === undefined ? undefined : checkBaseUrl(opts.otpBaseUrl, '--otp-base-url');
  if (opts.sender !== undefined || opts.batchSize !== undefined) {
    const { createProvider } = await import('../../providers/index.js');
    // No request is made: the adapter only reports its limits for this batch size.
    const adapter = createProvider(profile.provider, { baseUrl: '', credentials: {}, maxRecipientsPerRequest: opts.batchSize }, { userAgent: 'smsctl' });
    const caps = adapter.capabilities;
    await adapter.close?.();
    if (opts.batchSize !== undefined && opts.batchSize > caps.maxRecipientsPerRequest) {
      throw new SmsctlError('usage', `--batch-size ${opts.batchSize}: ${name} takes at most ${formatNumber(caps.maxRecipientsPerRequest)} numbers a request`, {
        code: 'BAD_FLAG',
      });
    }
    if (opts.sender !== undefined) {
      if (opts.sender.trim() === '') throw new SmsctlError('usage', '--sender: give a sender name', { code: 'BAD_FLAG' });
      const { checkSender } = await import('../../send/inputs.js');
      checkSender(opts.sender, caps, name);
    }
  }
  if (opts.sender !== undefined) profile.sender = opts.sender;
  if (baseUrl !== undefined) profile.baseUrl = baseUrl;
  if (otpBaseUrl !== undefined) profile.otpBaseUrl = otpBaseUrl;
  if (opts.batchSize !== undefined) profile.batchSize = opts.batchSize;
  if (opts.rate !== undefined) profile.rate = opts.rate;
  if (opts.concurrency !== undefined) profile.concurrency = opts.concurrency;
  if (opts.excludeFile !== undefined) profile.excludeFile = await checkExcludeFile(opts.excludeFile);
  if (opts.creditType !== undefined) {
    const { parseCreditType, requireSendCapability } = await import('../../send/options.js');
    requireSendCapability(profile.provider, 'creditTypes', '--credit-type', 'choice of credit type');
    profile.creditType = parseCreditType(opts.creditType);
  }
}

/** The file must exist and be readable as an opt-out list now, not first at the next send. */
async function checkExcludeFile(file: string): Promise<string> {
  const { resolve } = await import('node:path');
  const { stat } = await import('node:fs/promises');
  const path = resolve(file);
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw invalidInput(`--exclude-file ${file}: is a directory, not a file`, 'NOT_A_FILE');
  if (!info?.isFile()) throw invalidInput(`--exclude-file ${file}: no such file`, 'FILE_NOT_FOUND');
  const { loadExcludes } = await import('../../core/exclude.js');
  await loadExcludes([path]);
  return path;
}

function camel(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new SmsctlError('usage', `${flag}: expected a positive whole number, got "${value}"`, { code: 'BAD_FLAG' });
  }
  return n;
}
