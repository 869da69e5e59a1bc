/**
 * Shared set-up for the provider adapter tests: credentials that must never leak, and a
 * provider pointed at a local test server with retries' sleep recorded instead of waited.
 */
import { createProvider } from '../../src/providers/index.js';
import type { HttpOptions, Provider, ProviderConfig, ProviderId } from '../../src/providers/types.js';

export const CREDS = {
  thaibulksms: {
    apiKey: 'c30eeef23eab29631ac350b6bd6ef6f9',
    apiSecret: 'aeb2a61fe2d4f97ff069ea7e030cb193',
    otpKey: 'otpkey-1234567890abcdef',
    otpSecret: 'otpsecret-fedcba0987654321',
  },
  sepsms: { apiKey: 'sk_sep_3f9a8b7c6d5e4f3a2b1cd21c' },
  mesms: { apiKey: 'mek_live_9a8b7c6d5e4f3a2b1c0d' },
} as const;

export const ALL_SECRETS: string[] = [
  ...Object.values(CREDS.thaibulksms),
  Buffer.from(`${CREDS.thaibulksms.apiKey}:${CREDS.thaibulksms.apiSecret}`).toString('base64'),
  CREDS.sepsms.apiKey,
  CREDS.mesms.apiKey,
];

export const USER_AGENT = 'smsctl/0.1.0-test';

export interface TestProvider {
  provider: Provider;
  sleeps: number[];
  log: string[];
}

export function makeProvider(
  id: ProviderId,
  serverUrl: string,
  options: { http?: Partial<HttpOptions>; config?: Partial<ProviderConfig> } = {},
): TestProvider {
  const sleeps: number[] = [];
  const log: string[] = [];
  const baseUrl = `${serverUrl}/${id}/api/v2`;
  const config: ProviderConfig = {
    baseUrl: id === 'thaibulksms' ? `${serverUrl}/tbs` : baseUrl,
    otpBaseUrl: id === 'thaibulksms' ? `${serverUrl}/tbs-otp` : undefined,
    credentials: { ...CREDS[id] },
    ...options.config,
  };
  const provider = createProvider(id, config, {
    userAgent: USER_AGENT,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    responseTimeoutMs: 2_000,
    connectTimeoutMs: 2_000,
    log: (line) => log.push(line),
    ...options.http,
  });
  return { provider, sleeps, log };
}

/** Asserts that no credential (nor the Basic header value) appears in any of the texts. */
export function leakedSecrets(texts: readonly string[]): string[] {
  const joined = texts.join('\n');
  return ALL_SECRETS.filter((s) => joined.includes(s));
}

export async function catchError(promise: Promise<unknown>): Promise<import('../../src/errors.js').SmsctlError> {
  try {
    await promise;
  } catch (err) {
    const { SmsctlError } = await import('../../src/errors.js');
    if (err instanceof SmsctlError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}
