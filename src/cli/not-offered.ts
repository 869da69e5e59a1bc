/**
 * What to use instead when a provider publishes no API for a command: a user told only
 * "not offered" is left with nowhere to go.
 */
import { t, type MessageKey } from '../i18n/index.js';
import type { ProviderFeature, ProviderId } from '../providers/types.js';

/** Catalogue keys, read when the error is made (the language is chosen by then). */
const INSTEAD: Partial<Record<ProviderId, Partial<Record<ProviderFeature, MessageKey>>>> = {
  thaibulksms: {
    status: 'cli.instead.thaibulksms_status',
    cancel: 'cli.instead.thaibulksms_cancel',
  },
  mesms: {
    otp: 'cli.instead.mesms_otp',
  },
};

export function insteadOf(provider: ProviderId, feature: ProviderFeature): string | undefined {
  const key = INSTEAD[provider]?.[feature];
  return key && t(key, { runReport: t('cli.instead.run_report') });
}
