/**
 * `profile edit NAME`: change a sender, a base URL, a send setting, the language or one key, leaving
 * everything else as it is (no re-entering the other keys). Settings are checked exactly
 * as `profile add` checks them; a key is prompted for (masked), or read from its SMSCTL_*
 * variable or --secrets-stdin, never from a flag.
 */
import type { Command } from 'commander';
import { SmsctlError, usageError } from '../../errors.js';
import type { Context } from '../../cli/context.js';
import { writeLine } from '../../cli/output.js';
import { t } from '../../i18n/index.js';
import type { Profile, SecretField } from '../../config/profile.js';
import { WEBHOOK_SECRET_SPEC, collectSecretsFor, secretLabel, secretSpecs } from '../../config/secrets-input.js';
import { PROVIDER_NAMES } from '../../providers/types.js';
import { parseRate } from '../../send/pacing.js';
import { addSecretFlagTraps, applySettings, parseLanguageFlag, positiveInt, refuseSecretFlags, type ProfileSettings } from './add.js';
import { mustGet, openStore } from './store.js';

export interface ProfileEditOptions extends ProfileSettings {
  name: string;
  /** Keys to replace, by their flag names (api-key, api-secret, otp-key, otp-secret). */
  setKey?: string[];
  /** Settings to clear (sender, base-url, …, otp-key). */
  unset?: string[];
  secretsStdin?: boolean;
  default?: boolean;
}

const KEYS: Readonly<Record<string, SecretField>> = {
  'api-key': 'apiKey',
  'api-secret': 'apiSecret',
  'otp-key': 'otpKey',
  'otp-secret': 'otpSecret',
  'webhook-secret': 'webhookSecret',
};

/** What --unset clears, by flag name; otp-key takes its OTP secret with it. */
const UNSETTABLE: Readonly<Record<string, readonly (keyof Profile)[]>> = {
  sender: ['sender'],
  'base-url': ['baseUrl'],
  'otp-base-url': ['otpBaseUrl'],
  'batch-size': ['batchSize'],
  rate: ['rate'],
  concurrency: ['concurrency'],
  'exclude-file': ['excludeFile'],
  'credit-type': ['creditType'],
  language: ['language'],
  'otp-key': ['otpKey', 'otpSecret'],
  'webhook-secret': ['webhookSecret'],
};

/** A setting's name in "Updated profile …: sender, base URL." */
const settingLabel = (setting: keyof ProfileSettings): string => t(`profile.setting.${setting}` as const);

/** The flag each --unset name conflicts with. */
const SETTING_FLAG: Readonly<Record<string, keyof ProfileSettings>> = {
  sender: 'sender',
  'base-url': 'baseUrl',
  'otp-base-url': 'otpBaseUrl',
  'batch-size': 'batchSize',
  rate: 'rate',
  concurrency: 'concurrency',
  'exclude-file': 'excludeFile',
  'credit-type': 'creditType',
  language: 'language',
};

const oneOf = (allowed: readonly string[], flag: string) => (value: string, previous: string[] | undefined) => {
  const names = value.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);
  for (const n of names) {
    if (!allowed.includes(n)) throw usageError(t('profile.edit.one_of', { flag, value: n, allowed: allowed.join(', ') }), 'BAD_FLAG');
  }
  return [...(previous ?? []), ...names.filter((n) => !previous?.includes(n))];
};

export function registerProfileEdit(parent: Command, ctx: Context): void {
  const cmd = parent
    .command('edit <name>')
    .description(t('profile.edit.description'))
    .option('--sender <name>', t('profile.opt.sender'))
    .option('--base-url <url>', t('profile.opt.base_url'))
    .option('--otp-base-url <url>', t('profile.opt.otp_base_url'))
    .option('--batch-size <n>', t('profile.edit.opt.batch_size'), (v) => positiveInt(v, '--batch-size'))
    .option('--rate <rate>', t('profile.edit.opt.rate'), (v) => (parseRate(v), v))
    .option('--concurrency <n>', t('profile.edit.opt.concurrency'), (v) => positiveInt(v, '--concurrency'))
    .option('--exclude-file <file>', t('profile.edit.opt.exclude_file'))
    .option('--credit-type <type>', t('profile.edit.opt.credit_type'))
    .option('--language <lang>', t('profile.opt.language'), parseLanguageFlag)
    .option('--set-key <key>', t('profile.edit.opt.set_key', { keys: Object.keys(KEYS).join(' | ') }), oneOf(Object.keys(KEYS), '--set-key'))
    .option('--secrets-stdin', t('profile.edit.opt.secrets_stdin'))
    .option('--unset <setting>', t('profile.edit.opt.unset', { settings: Object.keys(UNSETTABLE).join(' | ') }), oneOf(Object.keys(UNSETTABLE), '--unset'))
    .option('--default', t('profile.opt.default'));
  addSecretFlagTraps(cmd);
  cmd.action(async (name: string, opts: Omit<ProfileEditOptions, 'name'> & Record<string, unknown>) => {
    refuseSecretFlags(opts);
    await runProfileEdit({ ...opts, name }, ctx);
  });
}

export async function runProfileEdit(opts: ProfileEditOptions, ctx: Context): Promise<void> {
  // In the order of profile add's --secrets-stdin (API key, API secret, OTP key, OTP secret), whatever the flags' order.
  const order = Object.values(KEYS);
  const setKeys = (opts.setKey ?? []).map((k) => KEYS[k]!).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const unset = opts.unset ?? [];
  const settings: ProfileSettings = {};
  for (const k of ['sender', 'baseUrl', 'otpBaseUrl', 'batchSize', 'rate', 'concurrency', 'excludeFile', 'creditType', 'language'] as const) {
    if (opts[k] !== undefined) (settings as Record<string, unknown>)[k] = opts[k];
  }
  if (Object.keys(settings).length === 0 && setKeys.length === 0 && unset.length === 0 && !opts.default) {
    throw usageError(t('profile.edit.nothing_to_change'), 'NOTHING_TO_CHANGE');
  }
  for (const u of unset) {
    const flag = SETTING_FLAG[u];
    if ((flag && settings[flag] !== undefined) || (u === 'otp-key' && (setKeys.includes('otpKey') || setKeys.includes('otpSecret'))) || (u === 'webhook-secret' && setKeys.includes('webhookSecret'))) {
      throw usageError(t('profile.edit.unset_conflict', { setting: u }), 'CONFLICTING_FLAGS');
    }
  }
  if (opts.secretsStdin && setKeys.length === 0) throw usageError(t('profile.edit.stdin_needs_set_key'), 'BAD_FLAG');

  const store = await openStore(ctx);
  const current = mustGet(store, opts.name);
  if (current.builtIn) {
    throw new SmsctlError('usage', t('profile.edit.builtin', { name: opts.name }), {
      code: 'BUILTIN_PROFILE',
    });
  }
  const providerName = PROVIDER_NAMES[current.provider];
  // A webhook secret is the user's own even on a sandbox profile: the sandbox signs with what it is given.
  if (setKeys.some((k) => k !== 'webhookSecret') && current.sandbox) {
    throw usageError(t('profile.edit.sandbox_keys', { name: opts.name }), 'BAD_FLAG');
  }
  for (const field of setKeys) {
    if (field !== 'apiKey' && field !== 'webhookSecret' && current.provider !== 'thaibulksms') {
      throw usageError(t('profile.edit.only_api_key', { key: flagOf(field), provider: providerName }), 'BAD_FLAG');
    }
  }
  if (unset.includes('otp-key') && current.provider !== 'thaibulksms') {
    throw usageError(t('profile.edit.no_otp_key', { provider: providerName }), 'BAD_FLAG');
  }
  // An OTP key is useless without its secret: a new key with none stored asks for the secret too.
  if (setKeys.includes('otpKey') && !setKeys.includes('otpSecret') && !current.otpSecret) setKeys.push('otpSecret');
  if (setKeys.includes('otpSecret') && !setKeys.includes('otpKey') && !current.otpKey) {
    throw usageError(t('profile.edit.otp_secret_without_key', { name: opts.name }), 'BAD_FLAG');
  }

  const profile: Profile = { ...current };
  await applySettings(profile, settings);
  for (const u of unset) for (const field of UNSETTABLE[u]!) delete profile[field];
  if (setKeys.length) {
    // Every key asked for is needed (no "Enter to skip"); the OTP secret still goes with an OTP key.
    const all = [...secretSpecs('thaibulksms'), WEBHOOK_SECRET_SPEC];
    const specs = setKeys.map((field) => ({ ...all.find((s) => s.field === field)!, prompt: t('profile.edit.new_secret_prompt', { secret: secretLabel(field) }), required: true }));
    Object.assign(profile, await collectSecretsFor(ctx, specs, Boolean(opts.secretsStdin), current));
  }
  store.save(profile);
  if (opts.default) store.setDefault(profile.name);

  const changed = [
    ...Object.keys(settings).map((k) => settingLabel(k as keyof ProfileSettings)),
    ...unset.map((u) =>
      u === 'otp-key'
        ? t('profile.edit.changed_otp_cleared')
        : u === 'webhook-secret'
          ? t('profile.edit.changed_webhook_cleared')
          : t('profile.edit.changed_cleared', { setting: settingLabel(SETTING_FLAG[u]!) }),
    ),
    ...setKeys.map((f) => t('profile.edit.changed_new_secret', { secret: secretLabel(f) })),
    ...(opts.default ? [t('profile.edit.changed_default')] : []),
  ];
  const check = setKeys.some((k) => k !== 'webhookSecret') || settings.baseUrl !== undefined || unset.includes('base-url') ? t('profile.edit.done_check', { name: profile.name }) : '';
  writeLine(ctx.stderr, t('profile.edit.done', { name: profile.name, provider: providerName, changes: changed.join(', '), check }));
}

function flagOf(field: SecretField): string {
  return Object.entries(KEYS).find(([, f]) => f === field)![0];
}
