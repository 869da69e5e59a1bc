/**
 * `profile edit NAME`: change a sender, a base URL, a send setting or one key, leaving
 * everything else as it is (no re-entering the other keys). Settings are checked exactly
 * as `profile add` checks them; a key is prompted for (masked), or read from its SMSCTL_*
 * variable or --secrets-stdin, never from a flag.
 */
import type { Command } from 'commander';
import { SmsctlError, usageError } from '../../errors.js';
import type { Context } from '../../cli/context.js';
import { writeLine } from '../../cli/output.js';
import type { Profile, SecretField } from '../../config/profile.js';
import { SECRET_LABELS, WEBHOOK_SECRET_SPEC, collectSecretsFor, secretSpecs } from '../../config/secrets-input.js';
import { PROVIDER_NAMES } from '../../providers/types.js';
import { parseRate } from '../../send/pacing.js';
import { addSecretFlagTraps, applySettings, positiveInt, refuseSecretFlags, type ProfileSettings } from './add.js';
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
  'otp-key': ['otpKey', 'otpSecret'],
  'webhook-secret': ['webhookSecret'],
};

const SETTING_LABELS: Readonly<Record<keyof ProfileSettings, string>> = {
  sender: 'sender',
  baseUrl: 'base URL',
  otpBaseUrl: 'OTP base URL',
  batchSize: 'batch size',
  rate: 'rate',
  concurrency: 'concurrency',
  excludeFile: 'exclude file',
  creditType: 'credit type',
};

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
};

const oneOf = (allowed: readonly string[], flag: string) => (value: string, previous: string[] | undefined) => {
  const names = value.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);
  for (const n of names) {
    if (!allowed.includes(n)) throw usageError(`${flag} ${n}: expected one of ${allowed.join(', ')}`, 'BAD_FLAG');
  }
  return [...(previous ?? []), ...names.filter((n) => !previous?.includes(n))];
};

export function registerProfileEdit(parent: Command, ctx: Context): void {
  const cmd = parent
    .command('edit <name>')
    .description('change a profile\'s sender, base URL, send settings or one key, keeping the rest')
    .option('--sender <name>', 'default sender name')
    .option('--base-url <url>', 'API base URL (https; http only for 127.0.0.1)')
    .option('--otp-base-url <url>', 'ThaiBulkSMS OTP base URL')
    .option('--batch-size <n>', 'recipients per request (at most the provider\'s limit)', (v) => positiveInt(v, '--batch-size'))
    .option('--rate <rate>', 'send pace, e.g. 60/min or 20/s', (v) => (parseRate(v), v))
    .option('--concurrency <n>', 'send requests in flight at once', (v) => positiveInt(v, '--concurrency'))
    .option('--exclude-file <file>', 'opt-out list every send with this profile applies (stored as an absolute path)')
    .option('--credit-type <type>', 'ThaiBulkSMS: the credit sends are charged to, standard or corporate')
    .option(
      '--set-key <key>',
      `replace one key, prompted for (masked) or read from its SMSCTL_* variable or --secrets-stdin: ${Object.keys(KEYS).join(' | ')} (repeatable)`,
      oneOf(Object.keys(KEYS), '--set-key'),
    )
    .option('--secrets-stdin', 'read the keys named by --set-key from stdin, one per line, in the order api-key, api-secret, otp-key, otp-secret, webhook-secret')
    .option('--unset <setting>', `clear a setting: ${Object.keys(UNSETTABLE).join(' | ')} (repeatable)`, oneOf(Object.keys(UNSETTABLE), '--unset'))
    .option('--default', 'make this the default profile');
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
  for (const k of ['sender', 'baseUrl', 'otpBaseUrl', 'batchSize', 'rate', 'concurrency', 'excludeFile', 'creditType'] as const) {
    if (opts[k] !== undefined) (settings as Record<string, unknown>)[k] = opts[k];
  }
  if (Object.keys(settings).length === 0 && setKeys.length === 0 && unset.length === 0 && !opts.default) {
    throw usageError(
      `nothing to change: give --sender, --base-url, --otp-base-url, --batch-size, --rate, --concurrency, --exclude-file, --credit-type, --set-key KEY, --unset SETTING or --default (see smsctl profile edit --help)`,
      'NOTHING_TO_CHANGE',
    );
  }
  for (const u of unset) {
    const flag = SETTING_FLAG[u];
    if ((flag && settings[flag] !== undefined) || (u === 'otp-key' && (setKeys.includes('otpKey') || setKeys.includes('otpSecret'))) || (u === 'webhook-secret' && setKeys.includes('webhookSecret'))) {
      throw usageError(`--unset ${u} and a new value for it at once: give one of them`, 'CONFLICTING_FLAGS');
    }
  }
  if (opts.secretsStdin && setKeys.length === 0) throw usageError('--secrets-stdin needs --set-key KEY to say which keys the lines hold', 'BAD_FLAG');

  const store = await openStore(ctx);
  const current = mustGet(store, opts.name);
  if (current.builtIn) {
    throw new SmsctlError('usage', `"${opts.name}" is built in and cannot be edited; add your own with: smsctl profile add NAME --provider mesms --sandbox`, {
      code: 'BUILTIN_PROFILE',
    });
  }
  const providerName = PROVIDER_NAMES[current.provider];
  // A webhook secret is the user's own even on a sandbox profile: the sandbox signs with what it is given.
  if (setKeys.some((k) => k !== 'webhookSecret') && current.sandbox) {
    throw usageError(`profile ${opts.name} uses the sandbox's own keys; --set-key is for profiles of a real account`, 'BAD_FLAG');
  }
  for (const field of setKeys) {
    if (field !== 'apiKey' && field !== 'webhookSecret' && current.provider !== 'thaibulksms') {
      throw usageError(`--set-key ${flagOf(field)}: ${providerName} has only an API key`, 'BAD_FLAG');
    }
  }
  if (unset.includes('otp-key') && current.provider !== 'thaibulksms') {
    throw usageError(`--unset otp-key: ${providerName} profiles have no OTP key`, 'BAD_FLAG');
  }
  // An OTP key is useless without its secret: a new key with none stored asks for the secret too.
  if (setKeys.includes('otpKey') && !setKeys.includes('otpSecret') && !current.otpSecret) setKeys.push('otpSecret');
  if (setKeys.includes('otpSecret') && !setKeys.includes('otpKey') && !current.otpKey) {
    throw usageError(`--set-key otp-secret: profile ${opts.name} has no OTP key; set both: --set-key otp-key --set-key otp-secret`, 'BAD_FLAG');
  }

  const profile: Profile = { ...current };
  await applySettings(profile, settings);
  for (const u of unset) for (const field of UNSETTABLE[u]!) delete profile[field];
  if (setKeys.length) {
    // Every key asked for is needed (no "Enter to skip"); the OTP secret still goes with an OTP key.
    const all = [...secretSpecs('thaibulksms'), WEBHOOK_SECRET_SPEC];
    const specs = setKeys.map((field) => ({ ...all.find((s) => s.field === field)!, label: `New ${SECRET_LABELS[field]}`, required: true }));
    Object.assign(profile, await collectSecretsFor(ctx, specs, Boolean(opts.secretsStdin), current));
  }
  store.save(profile);
  if (opts.default) store.setDefault(profile.name);

  const changed = [
    ...Object.keys(settings).map((k) => SETTING_LABELS[k as keyof ProfileSettings]),
    ...unset.map((u) => (u === 'otp-key' ? 'OTP key and secret cleared' : u === 'webhook-secret' ? 'webhook secret cleared' : `${SETTING_LABELS[SETTING_FLAG[u]!]} cleared`)),
    ...setKeys.map((f) => `new ${SECRET_LABELS[f]}`),
    ...(opts.default ? ['now the default'] : []),
  ];
  const check = setKeys.some((k) => k !== 'webhookSecret') || settings.baseUrl !== undefined || unset.includes('base-url') ? ` Check it with: smsctl profile test ${profile.name}` : '';
  writeLine(ctx.stderr, `Updated profile ${profile.name} (${providerName}): ${changed.join(', ')}.${check}`);
}

function flagOf(field: SecretField): string {
  return Object.entries(KEYS).find(([, f]) => f === field)![0];
}
