/**
 * Opens the provider a command talks to: resolves the profile, starts the embedded
 * sandbox when the profile asks for it, and builds the adapter with the HTTP settings.
 */
import { join } from 'node:path';
import type { Profile } from '../config/profile.js';
import { resolveProfile, type ProfileSource } from '../config/resolve.js';
import type { Provider, ProviderConfig, ProviderFeature, ProviderWith } from '../providers/types.js';
import { PROVIDER_NAMES, offers } from '../providers/types.js';
import { SmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Context } from './context.js';
import { insteadOf } from './not-offered.js';

export interface Session {
  profile: Profile;
  source: ProfileSource;
  provider: Provider;
  /** The root URL of the sandbox behind a sandbox profile (embedded or `sandbox serve`), for its inbox. */
  sandboxUrl?: string;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Milliseconds to wait for an answer (send --timeout). */
  responseTimeoutMs?: number;
}

export async function openSession(ctx: Context, options: SessionOptions = {}): Promise<Session> {
  const resolved = await resolveWithStore(ctx);
  return openSessionFor(ctx, resolved.profile, resolved.source, options);
}

// i18n-ignore: a symbol's description, for debugging
const NEEDS_STORE = Symbol('needs the profile store');

/**
 * The profile store (conf, and ajv with it: ~0.1 s) is loaded only when the profile is a
 * stored one: an environment-only profile (cron) or the built-in sandbox starts without it.
 */
async function resolveWithStore(ctx: Context): Promise<ReturnType<typeof resolveProfile>> {
  let Store: typeof import('../config/store.js').ProfileStore | undefined;
  const attempt = () =>
    resolveProfile(ctx.global.profile, ctx.env, () => {
      if (!Store) throw NEEDS_STORE;
      return new Store(ctx.configDir);
    });
  try {
    return attempt();
  } catch (error) {
    if (error !== NEEDS_STORE) throw error;
    Store = (await import('../config/store.js')).ProfileStore;
    return attempt();
  }
}

export async function openSessionFor(ctx: Context, profile: Profile, source: ProfileSource, options: SessionOptions = {}): Promise<Session> {
  const closers: (() => Promise<void>)[] = [];
  let sandboxUrl: string | undefined;
  let config: ProviderConfig = {
    baseUrl: profile.baseUrl ?? '',
    otpBaseUrl: profile.otpBaseUrl,
    credentials: { apiKey: profile.apiKey, apiSecret: profile.apiSecret, otpKey: profile.otpKey, otpSecret: profile.otpSecret },
    maxRecipientsPerRequest: profile.batchSize,
  };
  if (profile.sandbox && profile.baseUrl) {
    // A running `smsctl sandbox serve`: its root URL locates every provider and its test keys.
    const { sandboxInfo } = await import('../sandbox/index.js');
    config = { ...config, ...sandboxConfig(profile, sandboxInfo(profile.baseUrl)) };
    sandboxUrl = profile.baseUrl.replace(/\/+$/, '');
  } else if (profile.sandbox) {
    const { startSandbox } = await import('../sandbox/index.js');
    const { ensurePrivateDir } = await import('../config/paths.js');
    const { acquireLock } = await import('../config/lock.js');
    const dir = ensurePrivateDir(join(ctx.configDir, 'sandbox'));
    const lock = await acquireLock(join(dir, 'state.lock'), {
      onWait: (pid) => ctx.stderr.write(`${t('cli.session.waiting', { pid: pid ?? '?' })}\n`),
    });
    const { fromSandboxError } = await import('../commands/sandbox/errors.js');
    const sandbox = await startSandbox({ host: '127.0.0.1', port: 0, stateFile: join(dir, 'state.json') }).catch(async (error) => {
      await lock.release();
      throw fromSandboxError(error);
    });
    closers.push(async () => {
      try {
        await sandbox.close();
      } catch (error) {
        throw fromSandboxError(error);
      } finally {
        await lock.release();
      }
    });
    config = { ...config, ...sandboxConfig(profile, sandbox.info) };
    sandboxUrl = sandbox.url;
  }
  const { createProvider, DEFAULT_BASE_URLS } = await import('../providers/index.js');
  const defaults = DEFAULT_BASE_URLS[profile.provider];
  config.baseUrl ||= defaults.baseUrl;
  config.otpBaseUrl ||= defaults.otpBaseUrl;
  const provider = createProvider(profile.provider, config, {
    dispatcher: ctx.dispatcher,
    // HTTPS_PROXY / HTTP_PROXY / NO_PROXY; the embedded sandbox runs in this process, so never through a proxy.
    proxyEnv: profile.sandbox && !profile.baseUrl ? undefined : ctx.env,
    userAgent: `smsctl/${ctx.version}`,
    responseTimeoutMs: options.responseTimeoutMs,
    profileName: profile.builtIn || source === 'environment' ? undefined : profile.name,
    // The HTTP client redacts every line with the credentials it holds.
    log: ctx.global.verbose ? (line) => ctx.stderr.write(`${line}\n`) : undefined,
  });
  if (provider.close) closers.unshift(() => provider.close!());
  return {
    profile,
    source,
    provider,
    sandboxUrl,
    async close() {
      // Idempotent: a command may hand over to another before its own session ends.
      for (const close of closers.splice(0)) await close();
    },
  };
}

type SandboxInfo = import('../sandbox/index.js').SandboxInfo;

function sandboxConfig(profile: Profile, info: SandboxInfo): Partial<ProviderConfig> {
  switch (profile.provider) {
    case 'thaibulksms': {
      const p = info.providers.thaibulksms;
      return {
        baseUrl: p.baseUrl,
        otpBaseUrl: p.otpBaseUrl,
        credentials: { apiKey: p.apiKey, apiSecret: p.apiSecret, otpKey: p.otpKey, otpSecret: p.otpSecret },
      };
    }
    case 'sepsms':
    case 'mesms': {
      const p = info.providers[profile.provider];
      return { baseUrl: p.baseUrl, credentials: { apiKey: p.apiKey } };
    }
  }
}

/**
 * Commands a provider does not offer are a usage error (exit 2) that names the provider, and,
 * given `instead`, what to use in its place ("use `smsctl runs list` …").
 */
export function requireFeature<F extends ProviderFeature>(provider: Provider, feature: F, command: string, instead?: string): asserts provider is ProviderWith<F> {
  if (!offers(provider, feature)) {
    const hint = instead ?? insteadOf(provider.id, feature);
    const params = { provider: PROVIDER_NAMES[provider.id], command };
    throw new SmsctlError('usage', hint ? t('cli.not_offered_hint', { ...params, hint }) : t('cli.not_offered', params), { code: 'NOT_OFFERED' });
  }
}

export async function withSession<T>(ctx: Context, fn: (session: Session) => Promise<T>, options: SessionOptions = {}): Promise<T> {
  const session = await openSession(ctx, options);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
