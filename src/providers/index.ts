/**
 * Builds the adapter for a provider. Commands get a Provider and never see wire formats.
 */
import { MesmsProvider } from './mesms.js';
import { SepsmsProvider } from './sepsms.js';
import { THAIBULKSMS_BASE_URL, THAIBULKSMS_OTP_BASE_URL, ThaiBulkSmsProvider } from './thaibulksms.js';
import type { HttpOptions, Provider, ProviderConfig, ProviderId } from './types.js';

export const DEFAULT_BASE_URLS: Record<ProviderId, { baseUrl: string; otpBaseUrl?: string }> = {
  thaibulksms: { baseUrl: THAIBULKSMS_BASE_URL, otpBaseUrl: THAIBULKSMS_OTP_BASE_URL },
  sepsms: { baseUrl: 'https://sepsms.com/api/v2' },
  mesms: { baseUrl: 'https://me-sms.com/api/v2' },
};

/**
 * An empty baseUrl / otpBaseUrl falls back to DEFAULT_BASE_URLS. Credentials are checked
 * when a call needs them (CREDENTIALS_MISSING / OTP_CREDENTIALS_MISSING), not here.
 * Call `provider.close?.()` when done to release connections.
 */
export function createProvider(id: ProviderId, config: ProviderConfig, http: HttpOptions): Provider {
  const defaults = DEFAULT_BASE_URLS[id];
  const resolved: ProviderConfig = {
    ...config,
    baseUrl: config.baseUrl?.trim() ? config.baseUrl : defaults.baseUrl,
    otpBaseUrl: config.otpBaseUrl?.trim() ? config.otpBaseUrl : defaults.otpBaseUrl,
  };
  switch (id) {
    case 'thaibulksms':
      return new ThaiBulkSmsProvider(resolved, http);
    case 'sepsms':
      return new SepsmsProvider(resolved, http);
    case 'mesms':
      return new MesmsProvider(resolved, http);
    default: {
      const never: never = id;
      // i18n-ignore: unreachable (tsc checks every id is handled), a bug report if ever seen
      throw new Error(`unknown provider ${String(never)}`);
    }
  }
}

export { ThaiBulkSmsProvider, SepsmsProvider, MesmsProvider };
