/** What the command tree needs at startup, without the crypto and parsing behind it. */
export const EVENTS = ['sms.sent', 'sms.failed', 'sms.completed', 'dr.success', 'dr.failed', 'otp.verified', 'credit.low', 'order.completed'] as const;
export type WebhookEvent = (typeof EVENTS)[number];

export const DEFAULT_TOLERANCE_SECONDS = 300;
