import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, writeLine } from '../../cli/output.js';
import { openSessionFor, type Session } from '../../cli/session.js';
import type { Profile } from '../../config/profile.js';
import { checkStoredProfile } from '../../config/resolve.js';
import { SmsctlError, isSmsctlError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { PROVIDER_NAMES } from '../../providers/types.js';
import { mustGet, openStore } from './store.js';

export function registerProfileTest(parent: Command, ctx: Context): void {
  parent
    .command('test <name>')
    .description(t('profile.test.description'))
    .option('--json', t('profile.opt.json'))
    .action((name: string, opts: { json?: boolean }) => runProfileTest(name, opts, ctx));
}

export async function runProfileTest(name: string, opts: { json?: boolean }, ctx: Context): Promise<void> {
  const profile = checkStoredProfile(mustGet(await openStore(ctx), name));
  const session = await openSessionFor(ctx, profile, 'flag');
  const providerName = PROVIDER_NAMES[profile.provider];
  try {
    const host = await hostOf(profile);
    const balance = await reaching(host, providerName, () => session.provider.balance());
    const access = await reaching(host, providerName, () => checkSendAccess(ctx, session, name));
    if (opts.json) {
      // The document keeps its documented fields; the send check is a note beside it.
      writeLine(ctx.stderr, access);
      return emitResult(ctx, { profile: name, provider: profile.provider, balance: balance.balance });
    }
    writeLine(ctx.stdout, t('profile.test.ok', { provider: providerName, name, credits: t('profile.test.credits', { count: balance.balance }) }));
    writeLine(ctx.stdout, access);
  } finally {
    await session.close();
  }
}

/** A server that is down is "cannot reach <host>", not a send that "sent nothing". */
async function reaching<T>(host: string, providerName: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isSmsctlError(error) && error.code === 'NETWORK_UNREACHABLE') {
      const why = /\(([A-Z0-9_]+: [^)]*)\)/.exec(error.message)?.[1];
      throw new SmsctlError('provider', t('profile.test.unreachable', { host, provider: providerName, why: why ? `: ${why}` : '' }), {
        code: 'NETWORK_UNREACHABLE',
        cause: error,
      });
    }
    throw error;
  }
}

async function hostOf(profile: Profile): Promise<string> {
  const { DEFAULT_BASE_URLS } = await import('../../providers/index.js');
  const url = profile.baseUrl ?? DEFAULT_BASE_URLS[profile.provider].baseUrl;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Whether the key may send, where the provider can say so without sending:
 * - ME-SMS: /sms/send needs the sms:send (or *) scope, every other endpoint any valid key, so
 *   the balance proves nothing. A dry run (`dryRun: true`: "estimate cost … without consuming
 *   credits or actually sending") asks exactly the send endpoint. It is also scheduled a month
 *   ahead, so that a server which ignored dryRun would only have scheduled it, and it is then
 *   cancelled at once.
 * - SEPSMS: keys have scopes too, but it publishes no dry run or key lookup.
 * - ThaiBulkSMS: Basic key:secret, no scopes.
 * Returns the line to print; throws when the provider refuses the send.
 */
async function checkSendAccess(ctx: Context, session: Session, name: string): Promise<string> {
  const { profile, provider } = session;
  if (provider.id === 'sepsms') return t('profile.test.access_sepsms');
  if (provider.id !== 'mesms') return t('profile.test.access_thaibulksms');
  if (!profile.sender) return t('profile.test.access_no_sender', { name });
  if (!provider.dryRunSend) return t('profile.test.access_no_dry_run');
  let answer: { dryRun: boolean; uuid?: string };
  try {
    answer = await provider.dryRunSend({
      sender: profile.sender,
      message: 'smsctl profile test (dry run)', // i18n-ignore: the text of a send the provider only estimates
      msisdn: '66812345678',
      scheduledAt: new Date(ctx.now().getTime() + 30 * 86_400_000),
    });
  } catch (error) {
    if (!isSmsctlError(error)) throw error;
    if (error.status === 403) {
      throw new SmsctlError(
        'auth',
        t('profile.test.key_cannot_send', { provider: provider.displayName, name, http: `403${error.providerCode ? ` ${error.providerCode}` : ''}` }),
        { code: 'KEY_CANNOT_SEND', status: 403, providerCode: error.providerCode, providerMessage: error.providerMessage, cause: error },
      );
    }
    if (error.kind === 'credit') return t('profile.test.access_low_credit');
    if (error.kind === 'invalid') {
      throw new SmsctlError('invalid', t('profile.test.dry_run_refused', { provider: provider.displayName, sender: profile.sender, name, message: error.message }), {
        code: 'DRY_RUN_REFUSED',
        status: error.status,
        providerCode: error.providerCode,
        providerMessage: error.providerMessage,
        cause: error,
      });
    }
    if (error.code === 'NETWORK_UNREACHABLE') throw error;
    return t('profile.test.access_unchecked', { message: error.message });
  }
  const { uuid } = answer;
  if (!answer.dryRun && uuid) {
    // Not a dry run after all: the message was scheduled, not sent. Take it back.
    const who = { provider: provider.displayName, uuid, name };
    const warning = await provider.cancel!(uuid).then(
      () => t('profile.test.dry_run_cancelled', who),
      (e: unknown) => t('profile.test.dry_run_not_cancelled', { ...who, message: (e as Error).message }),
    );
    ctx.stderr.write(`${warning}\n`);
  }
  return t('profile.test.access_ok', { provider: provider.displayName, sender: profile.sender });
}
