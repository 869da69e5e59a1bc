/** What the sandbox keeps about webhook receivers and what it sent them (persisted in the state file). */

/** The SEPSMS webhook events, as the provider's document lists them. */
export const WEBHOOK_EVENTS = ['sms.sent', 'sms.failed', 'sms.completed', 'dr.success', 'dr.failed', 'otp.verified', 'credit.low', 'order.completed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookReceiver {
  id: string;
  url: string;
  /** Empty = every event. */
  events: WebhookEvent[];
  secret: string;
  createdAt: number;
}

export interface DeliveryAttempt {
  at: number;
  /** HTTP status, or null when no response came (refused, timed out). */
  status: number | null;
  error?: string;
  ms: number;
}

export interface DeliveryRecord {
  id: string;
  kind: 'webhook' | 'callback';
  /** The webhook receiver (kind webhook). */
  receiverId?: string;
  url: string;
  method: 'GET' | 'POST' | 'PUT';
  /** A webhook event, or `callback` for a ThaiBulkSMS callback_url call. */
  event: WebhookEvent | 'callback';
  /** Same on every retry, so a receiver can drop repeats. */
  txId: string;
  /** JSON (webhooks) or form-urlencoded fields (callbacks; the query for GET). */
  body: string;
  createdAt: number;
  state: 'pending' | 'delivered' | 'failed';
  /** When the next attempt is due (pending only). */
  nextAt: number | null;
  attempts: DeliveryAttempt[];
}
