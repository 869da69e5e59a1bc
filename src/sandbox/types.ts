/**
 * The few names the sandbox shares with the providers' documents. Declared here rather than
 * imported from the client (src/providers/types.ts) so the sandbox depends on nothing it judges.
 */
export type ProviderId = 'thaibulksms' | 'sepsms' | 'mesms';
export const PROVIDER_IDS: readonly ProviderId[] = ['thaibulksms', 'sepsms', 'mesms'];

/** Final and pending recipient statuses the emulated APIs report. */
export type DeliveryStatus = 'pending' | 'success' | 'failed' | 'invalid' | 'blocked' | 'expired' | 'timeout';
