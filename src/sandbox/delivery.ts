/**
 * Delivery status, computed lazily from the clock: no timers per message or recipient.
 * Every recipient of a message shares one delivery instant (createdAt or scheduledAt, plus
 * the delivery delay); before it a recipient is `pending`, after it its stored final status.
 */
import type { DeliveryStatus } from './types.js';
import { MAGIC_NUMBERS } from './keys.js';

/** Status codes stored in a message's `finals` array (index into STATUS_NAMES). */
export const STATUS_NAMES = ['pending', 'success', 'failed', 'invalid', 'blocked', 'expired', 'timeout', 'cancelled'] as const;
export type RecipientStatus = (typeof STATUS_NAMES)[number];
export const PENDING = 0;
export const SUCCESS = 1;
export const BLOCKED = 4;
export const CANCELLED = 7;

/** Order in which per-status summaries are listed. */
const FINAL_ORDER = [1, 2, 3, 4, 5, 6];

export function statusCode(name: string): number | undefined {
  const i = (STATUS_NAMES as readonly string[]).indexOf(name);
  return i < 0 ? undefined : i;
}

const MAGIC_BY_NSN = new Map<number, number>(
  Object.entries(MAGIC_NUMBERS).map(([national, status]) => [Number(national.slice(1)), statusCode(status) ?? SUCCESS]),
);

/** The final status a recipient reaches, from its 9-digit national number. */
export function finalStatusFor(nsn: number): number {
  return MAGIC_BY_NSN.get(nsn) ?? SUCCESS;
}

/** What lazily-computed delivery needs to know about a message. */
export interface Deliverable {
  scheduledAt: number | null;
  deliverAt: number;
  cancelledAt: number | null;
  finals: Uint8Array;
  /** Count per final status code, computed once at creation. */
  counts: number[];
}

export type Phase = 'scheduled' | 'pending' | 'processing' | 'delivered' | 'cancelled';

/**
 * scheduled: scheduled time not reached yet; pending: accepted, not yet delivered (immediate
 * send); processing: the scheduled time has come, not yet delivered; delivered: final statuses.
 */
export function phaseOf(m: Deliverable, now: number): Phase {
  if (m.cancelledAt !== null) return 'cancelled';
  if (now >= m.deliverAt) return 'delivered';
  if (m.scheduledAt !== null) return now < m.scheduledAt ? 'scheduled' : 'processing';
  return 'pending';
}

/** The status every recipient shares before delivery (or after cancellation), else undefined. */
export function uniformStatus(phase: Phase): number | undefined {
  if (phase === 'cancelled') return CANCELLED;
  return phase === 'delivered' ? undefined : PENDING;
}

export function recipientStatus(m: Deliverable, phase: Phase, index: number): number {
  return uniformStatus(phase) ?? m.finals[index] ?? PENDING;
}

/** Count per status at `now`, non-zero only, in a stable order. */
export function statusCounts(m: Deliverable, now: number): { status: RecipientStatus; count: number }[] {
  const phase = phaseOf(m, now);
  const total = m.finals.length;
  const uniform = uniformStatus(phase);
  if (uniform !== undefined) return total > 0 ? [{ status: STATUS_NAMES[uniform] ?? 'pending', count: total }] : [];
  return FINAL_ORDER.filter((c) => (m.counts[c] ?? 0) > 0).map((c) => ({
    status: STATUS_NAMES[c] ?? 'pending',
    count: m.counts[c] ?? 0,
  }));
}

export function isDeliveryStatus(s: string): s is DeliveryStatus {
  const c = statusCode(s);
  return c !== undefined && c !== CANCELLED;
}
