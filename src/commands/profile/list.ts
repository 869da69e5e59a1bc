import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { formatTable, emitResult, writeLine } from '../../cli/output.js';
import { maskSecret } from '../../core/mask.js';
import type { Profile } from '../../config/profile.js';
import { PROVIDER_NAMES } from '../../providers/types.js';
import { openStore } from './store.js';

export function registerProfileList(parent: Command, ctx: Context): void {
  parent
    .command('list')
    .alias('ls')
    .description('list profiles (keys masked)')
    .option('--json', 'print JSON')
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
        p.sandbox ? `sandbox${p.baseUrl ? ` ${p.baseUrl}` : ''}` : (p.baseUrl ?? 'default'),
        p.sandbox ? 'sandbox keys' : maskSecret(p.apiKey),
      ]);
      writeLine(ctx.stdout, formatTable(['  NAME', 'PROVIDER', 'SENDER', 'ENDPOINT', 'API KEY'], rows));
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
