import { Option, type Command } from 'commander';
import { SmsctlError, invalidInput, usageError } from '../../errors.js';
import type { Context } from '../../cli/context.js';
import { formatNumber, writeLine } from '../../cli/output.js';
import { checkBaseUrl } from '../../config/base-url.js';
import { t } from '../../i18n/index.js';
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
    .description(t('profile.add.description'))
    .requiredOption('--provider <provider>', 'thaibulksms | sepsms | mesms')
    .option('--sender <name>', t('profile.opt.sender'))
    .option('--base-url <url>', t('profile.opt.base_url'))
    .option('--otp-base-url <url>', t('profile.opt.otp_base_url'))
    .option('--rate <rate>', t('profile.add.opt.rate'), (v) => (parseRate(v), v))
    .option('--concurrency <n>', t('profile.add.opt.concurrency'), (v) => positiveInt(v, '--concurrency'))
    .option('--batch-size <n>', t('profile.add.opt.batch_size'), (v) => positiveInt(v, '--batch-size'))
    .option('--exclude-file <file>', t('profile.add.opt.exclude_file'))
    .option('--credit-type <type>', t('profile.add.opt.credit_type'))
    .option('--language <lang>', t('profile.opt.language'), parseLanguageFlag)
    .option('--default', t('profile.opt.default'))
    .option('--sandbox', t('profile.add.opt.sandbox'))
    .option('--secrets-stdin', t('profile.add.opt.secrets_stdin'))
    .option('--webhook-secret', t('profile.add.opt.webhook_secret'))
    .option('--force', t('profile.add.opt.force'));
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
    throw new SmsctlError('usage', t('profile.add.secret_as_flag', { flag: given }), { code: 'SECRET_AS_FLAG' });
  }
}

export async function runProfileAdd(opts: ProfileAddOptions, ctx: Context): Promise<void> {
  if (!NAME.test(opts.name)) {
    throw new SmsctlError('usage', t('profile.add.bad_name', { name: opts.name }), {
      code: 'BAD_PROFILE_NAME',
    });
  }
  if (opts.name === BUILTIN_SANDBOX_PROFILE.name) {
    throw new SmsctlError('usage', t('profile.add.builtin_name', { name: opts.name }), {
      code: 'BAD_PROFILE_NAME',
    });
  }
  const provider = parseProviderId(opts.provider, '--provider');
  const profile: Profile = { name: opts.name, provider };
  await applySettings(profile, opts);
  const store = await openStore(ctx);
  if (store.get(opts.name) && !opts.force) {
    throw new SmsctlError('usage', t('profile.add.exists', { name: opts.name }), {
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
  writeLine(
    ctx.stderr,
    t('profile.add.done', {
      name: profile.name,
      provider: PROVIDER_NAMES[provider],
      sandbox: profile.sandbox ? t('profile.add.done_sandbox') : '',
      default: makeDefault ? t('profile.add.done_default') : '',
    }),
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
  /** en | th: what smsctl speaks with this profile (src/i18n/lang.ts reads it before anything else loads). */
  language?: string;
}

/**
 * Checks the given settings against what a send would later refuse, using the provider's
 * own capabilities (recipients per request, sender length), then writes them into the profile.
 */
export async function applySettings(profile: Profile, opts: ProfileSettings): Promise<void> {
  const name = PROVIDER_NAMES[profile.provider];
  if (opts.otpBaseUrl !== undefined && profile.provider !== 'thaibulksms') {
    throw new SmsctlError('usage', t('profile.add.otp_base_url_only_tbs', { provider: name }), { code: 'BAD_FLAG' });
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
      throw new SmsctlError('usage', t('profile.add.batch_too_big', { size: opts.batchSize, provider: name, max: formatNumber(caps.maxRecipientsPerRequest) }), {
        code: 'BAD_FLAG',
      });
    }
    if (opts.sender !== undefined) {
      if (opts.sender.trim() === '') throw new SmsctlError('usage', t('profile.add.sender_empty'), { code: 'BAD_FLAG' });
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
  if (opts.language !== undefined) profile.language = parseLanguageFlag(opts.language);
  if (opts.creditType !== undefined) {
    const { parseCreditType, requireSendCapability } = await import('../../send/options.js');
    requireSendCapability(profile.provider, 'creditTypes', '--credit-type', t('profile.add.credit_type_what'));
    profile.creditType = parseCreditType(opts.creditType);
  }
}

/** The file must exist and be readable as an opt-out list now, not first at the next send. */
async function checkExcludeFile(file: string): Promise<string> {
  const { resolve } = await import('node:path');
  const { stat } = await import('node:fs/promises');
  const path = resolve(file);
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw invalidInput(t('profile.add.exclude_is_dir', { file }), 'NOT_A_FILE');
  if (!info?.isFile()) throw invalidInput(t('profile.add.exclude_missing', { file }), 'FILE_NOT_FOUND');
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
    throw new SmsctlError('usage', t('profile.positive_int', { flag, value }), { code: 'BAD_FLAG' });
  }
  return n;
}

/** `--language en|th` (any case): the language smsctl speaks with the profile. */
export function parseLanguageFlag(value: string): 'en' | 'th' {
  const lang = value.trim().toLowerCase();
  if (lang === 'en' || lang === 'th') return lang;
  throw usageError(t('profile.language.invalid', { value }), 'BAD_FLAG');
}
