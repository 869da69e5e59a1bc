import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { formatTable, emitResult, writeLine } from '../../cli/output.js';
import { maskSecret } from '../../core/mask.js';
import { t } from '../../i18n/index.js';
import type { Profile } from '../../config/profile.js';
import { PROVIDER_NAMES } from '../../providers/types.js';
import { openStore } from './store.js';

export function registerProfileList(parent: Command, ctx: Context): void {
  parent
    .command('list')
    .alias('ls')
    .description(t('profile.list.description'))
    .option('--json', t('profile.opt.json'))
    .action(async (opts: { json?: boolean }) => {
      const store = await openStore(ctx);
      const def = store.defaultName();
      const profiles = store.list();
      if (opts.json) {
        emitResult(ctx, { profiles: profiles.map((p) => publicProfile(p, p.name === def)) });
        return;
      }
      const rows = profiles.map((p) => [
        `${p.name === def ? '* ' : '  '}${p.name}`,
        PROVIDER_NAMES[p.provider],
        p.sender ?? '',
        p.sandbox ? `${t('profile.list.sandbox')}${p.baseUrl ? ` ${p.baseUrl}` : ''}` : (p.baseUrl ?? t('profile.list.default_endpoint')),
        p.sandbox ? t('profile.list.sandbox_keys') : maskSecret(p.apiKey),
      ]);
      const header = [`  ${t('profile.list.col.name')}`, t('profile.list.col.provider'), t('profile.list.col.sender'), t('profile.list.col.endpoint'), t('profile.list.col.api_key')];
      writeLine(ctx.stdout, formatTable(header, rows));
    });
}

/** A profile as it may be shown: every secret masked. */
export function publicProfile(p: Profile, isDefault: boolean): Record<string, unknown> {
  return {
    name: p.name,
    provider: p.provider,
    default: isDefault,
    builtIn: Boolean(p.builtIn),
    sandbox: Boolean(p.sandbox),
    sender: p.sender ?? null,
    baseUrl: p.baseUrl ?? null,
    otpBaseUrl: p.otpBaseUrl ?? null,
    batchSize: p.batchSize ?? null,
    rate: p.rate ?? null,
    concurrency: p.concurrency ?? null,
    excludeFile: p.excludeFile ?? null,
    language: p.language ?? null,
    apiKey: p.apiKey ? maskSecret(p.apiKey) : null,
    ...(p.provider === 'thaibulksms' && {
      apiSecret: p.apiSecret ? maskSecret(p.apiSecret) : null,
      otpKey: p.otpKey ? maskSecret(p.otpKey) : null,
      otpSecret: p.otpSecret ? maskSecret(p.otpSecret) : null,
      creditType: p.creditType ?? null,
    }),
    webhookSecret: p.webhookSecret ? maskSecret(p.webhookSecret) : null,
  };
}
