import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, writeLine, plural } from '../../cli/output.js';
import { openSessionFor, type Session } from '../../cli/session.js';
import type { Profile } from '../../config/profile.js';
import { checkStoredProfile } from '../../config/resolve.js';
import { SmsctlError, isSmsctlError } from '../../errors.js';
import { PROVIDER_NAMES } from '../../providers/types.js';
import { mustGet, openStore } from './store.js';

export function registerProfileTest(parent: Command, ctx: Context): void {
  parent
    .command('test <name>')
    .description("prove a profile's keys work by asking the provider for the balance; for ME-SMS, also that the key may send (a dry run)")
    .option('--json', 'print JSON')
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
    writeLine(ctx.stdout, `OK: ${providerName} accepted the keys of ${name} (balance ${plural(balance.balance, 'credit')})`);
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
      throw new SmsctlError('provider', `cannot reach ${host} (${providerName})${why ? `: ${why}` : ''}; the keys were not checked`, {
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
  if (provider.id === 'sepsms') return 'Send access: not checked (SEPSMS offers no way to check a key\'s sms:send scope without sending)';
  if (provider.id !== 'mesms') return 'Send access: ThaiBulkSMS keys have no scopes; the balance check covers sending';
  if (!profile.sender) {
    return `Send access: not checked, the profile has no default sender for a dry run (set one: smsctl profile edit ${name} --sender S)`;
  }
  if (!provider.dryRunSend) return 'Send access: not checked (this build cannot make a dry-run send)';
  let answer: { dryRun: boolean; uuid?: string };
  try {
    answer = await provider.dryRunSend({
      sender: profile.sender,
      message: 'smsctl profile test (dry run)',
      msisdn: '66812345678',
      scheduledAt: new Date(ctx.now().getTime() + 30 * 86_400_000),
    });
  } catch (error) {
    if (!isSmsctlError(error)) throw error;
    if (error.status === 403) {
      throw new SmsctlError(
        'auth',
        `${provider.displayName} accepted the keys of ${name} but refused a dry-run send (HTTP 403${error.providerCode ? ` ${error.providerCode}` : ''}): the key lacks the sms:send scope, so every send would fail; create a key with the sms:send (or *) scope in the ME-SMS dashboard, then: smsctl profile edit ${name} --set-key api-key`,
        { code: 'KEY_CANNOT_SEND', status: 403, providerCode: error.providerCode, providerMessage: error.providerMessage, cause: error },
      );
    }
    if (error.kind === 'credit') return 'Send access: OK (the key may send; the credit is too low for a message)';
    if (error.kind === 'invalid') {
      throw new SmsctlError('invalid', `${provider.displayName} refused a dry-run send from sender "${profile.sender}" with the keys of ${name}: ${error.message}`, {
        code: 'DRY_RUN_REFUSED',
        status: error.status,
        providerCode: error.providerCode,
        providerMessage: error.providerMessage,
        cause: error,
      });
    }
    if (error.code === 'NETWORK_UNREACHABLE') throw error;
    return `Send access: not checked (${error.message})`;
  }
  const { uuid } = answer;
  if (!answer.dryRun && uuid) {
    // Not a dry run after all: the message was scheduled, not sent. Take it back.
    const cancelled = await provider.cancel!(uuid).then(
      () => 'and cancelled it',
      (e: unknown) => `and could not cancel it (${(e as Error).message}); cancel it with: smsctl --profile ${name} cancel ${uuid} --yes`,
    );
    ctx.stderr.write(`smsctl: warning: ${provider.displayName} ignored dryRun and scheduled test message ${uuid} ${cancelled}\n`);
  }
  return `Send access: OK (${provider.displayName} accepted a dry-run send from ${profile.sender}; nothing was sent)`;
}
