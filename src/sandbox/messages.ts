/**
 * Provider-neutral message operations: create (charge), cancel (refund), list, and
 * recipient pages served by index. Provider modules adapt names and shapes.
 */
import { partsOf } from './parts.js';
import type { ProviderId } from './types.js';
import { BLOCKED, finalStatusFor, phaseOf, recipientStatus, STATUS_NAMES, statusCounts, uniformStatus } from './delivery.js';
import type { Phase } from './delivery.js';
import { msisdnOf } from './numbers.js';
import type { BalanceKey, Store, StoredMessage } from './state.js';

export interface NewMessage {
  provider: ProviderId;
  sender: string;
  content: string;
  nsn: Uint32Array;
  scheduledAt: number | null;
  balanceKey?: BalanceKey;
  refPrefix: string;
  meta?: Record<string, string>;
}

export interface Cost {
  parts: number;
  encoding: 'GSM-7' | 'UCS-2';
  totalCredit: number;
}

export function costOf(content: string, recipients: number): Cost {
  const { parts, encoding } = partsOf(content);
  return { parts, encoding, totalCredit: parts * recipients };
}

/** YYMMDD in Asia/Bangkok. */
function bangkokDate(ms: number): string {
  return new Date(ms + 7 * 3_600_000).toISOString().slice(2, 10).replaceAll('-', '');
}

/**
 * Charges and stores a message; `undefined` (nothing charged or stored) when the balance
 * does not cover it.
 */
export function createMessage(
  store: Store,
  input: NewMessage,
  env: { now: number; deliveryDelayMs: number },
): StoredMessage | undefined {
  const cost = costOf(input.content, input.nsn.length);
  const balanceKey = input.balanceKey ?? input.provider;
  if (!store.charge(balanceKey, cost.totalCredit)) return undefined;
  const finals = new Uint8Array(input.nsn.length);
  const counts = new Array<number>(STATUS_NAMES.length).fill(0);
  for (let i = 0; i < finals.length; i++) {
    const f = finalStatusFor(input.nsn[i] ?? 0);
    finals[i] = f;
    counts[f] = (counts[f] ?? 0) + 1;
  }
  const scheduledAt = input.scheduledAt !== null && input.scheduledAt > env.now ? input.scheduledAt : null;
  const m: StoredMessage = {
    provider: input.provider,
    uuid: store.rng.uuid(),
    refNo: `${input.refPrefix}${bangkokDate(env.now)}${store.rng.digits(8)}`,
    sender: input.sender,
    content: input.content,
    encoding: cost.encoding,
    parts: cost.parts,
    totalCredit: cost.totalCredit,
    balanceKey,
    createdAt: env.now,
    scheduledAt,
    deliverAt: (scheduledAt ?? env.now) + env.deliveryDelayMs,
    cancelledAt: null,
    refundedCredit: 0,
    seq: store.nextSeq(),
    nsn: input.nsn,
    finals,
    counts,
    blockedCount: counts[BLOCKED] ?? 0,
    meta: input.meta ?? {},
  };
  store.useSender(input.provider, input.sender);
  store.addMessage(m);
  return m;
}

export type CancelOutcome =
  | { ok: true; refundedCredit: number }
  | { ok: false; status: 400 | 409; code: 'ALREADY_CANCELLED' | 'NOT_SCHEDULED' | 'ALREADY_PROCESSING'; message: string };

/** Only a scheduled message whose time has not come can be cancelled; its credit is refunded. */
export function cancelMessage(store: Store, m: StoredMessage, now: number): CancelOutcome {
  if (m.cancelledAt !== null) return { ok: false, status: 409, code: 'ALREADY_CANCELLED', message: 'Message is already cancelled' };
  if (m.scheduledAt === null) {
    return { ok: false, status: 400, code: 'NOT_SCHEDULED', message: 'Only scheduled messages can be cancelled' };
  }
  if (now >= m.scheduledAt) {
    return { ok: false, status: 409, code: 'ALREADY_PROCESSING', message: 'Message is already processing or sent' };
  }
  m.cancelledAt = now;
  m.refundedCredit = m.totalCredit;
  store.balances[m.balanceKey] += m.totalCredit;
  store.messageChanged(m);
  return { ok: true, refundedCredit: m.totalCredit };
}

export interface MessageFilter {
  /** Provider-specific status name, compared with `statusOf`. */
  status?: string;
  sender?: string;
  from?: number;
  to?: number;
  search?: string;
}

/** A provider's messages, newest first, filtered; `statusOf` names a message's status. */
export function listMessages(
  store: Store,
  provider: ProviderId,
  filter: MessageFilter,
  statusOf: (m: StoredMessage) => string,
): StoredMessage[] {
  const search = filter.search?.toLowerCase();
  const out: StoredMessage[] = [];
  for (let i = store.messages.length - 1; i >= 0; i--) {
    const m = store.messages[i];
    if (!m || m.provider !== provider) continue;
    if (filter.sender !== undefined && m.sender.toLowerCase() !== filter.sender.toLowerCase()) continue;
    if (filter.from !== undefined && m.createdAt < filter.from) continue;
    if (filter.to !== undefined && m.createdAt > filter.to) continue;
    if (search && !m.refNo.toLowerCase().includes(search) && !m.content.toLowerCase().includes(search)) continue;
    if (filter.status !== undefined && statusOf(m) !== filter.status) continue;
    out.push(m);
  }
  return out;
}

export function drSummary(m: StoredMessage, now: number): { drStatus: string; count: number }[] {
  return statusCounts(m, now).map(({ status, count }) => ({ drStatus: status, count }));
}

export interface RecipientsQuery {
  limit: number;
  /** Cursor: the id of the last recipient seen (0 to start); ids are 1-based indexes. */
  after?: number;
  page: number;
  status?: number;
  search?: string;
}

export interface Recipient {
  id: number;
  msisdn: string;
  status: string;
}

export type RecipientsResult = {
  recipients: Recipient[];
  summary: { status: string; count: number }[];
} & ({ nextCursor: number | null; hasMore: boolean } | { page: number; limit: number; total: number });

/** Matches recipient `i`, or undefined when nothing can match (a whole-message shortcut). */
function matcher(m: StoredMessage, phase: Phase, q: RecipientsQuery): ((i: number) => boolean) | undefined {
  const uniform = uniformStatus(phase);
  if (q.status !== undefined && uniform !== undefined && q.status !== uniform) return undefined;
  const byStatus = q.status !== undefined && uniform === undefined ? q.status : undefined;
  let needle = q.search?.trim();
  if (needle?.startsWith('+')) needle = needle.slice(1);
  if (needle !== undefined && needle !== '' && !/^\d+$/.test(needle)) return undefined;
  const text = needle || undefined;
  const { finals, nsn } = m;
  if (byStatus === undefined && text === undefined) return () => true;
  return (i) => {
    if (byStatus !== undefined && finals[i] !== byStatus) return false;
    if (text === undefined) return true;
    const n = nsn[i] ?? 0;
    // Match either the international (66…) or the national (0…) form.
    return `66${n}`.includes(text) || `0${n}`.includes(text);
  };
}

export function recipientsPage(m: StoredMessage, q: RecipientsQuery, now: number): RecipientsResult {
  const phase = phaseOf(m, now);
  const total = m.nsn.length;
  const summary = statusCounts(m, now);
  const match = matcher(m, phase, q);
  const filtered = q.status !== undefined || (q.search !== undefined && q.search.trim() !== '');
  const row = (i: number): Recipient => ({
    id: i + 1,
    msisdn: msisdnOf(m.nsn[i] ?? 0),
    status: STATUS_NAMES[recipientStatus(m, phase, i)] ?? 'pending',
  });
  const recipients: Recipient[] = [];

  if (q.after !== undefined) {
    let i = Math.min(q.after, total);
    if (match) for (; i < total && recipients.length < q.limit; i++) if (match(i)) recipients.push(row(i));
    let hasMore = false;
    if (match && !filtered) hasMore = i < total;
    else if (match) for (let j = i; j < total && !hasMore; j++) hasMore = match(j);
    return { recipients, summary, nextCursor: hasMore ? i : null, hasMore };
  }

  const skip = (q.page - 1) * q.limit;
  if (!match) return { recipients, summary, page: q.page, limit: q.limit, total: 0 };
  if (!filtered) {
    for (let i = skip; i < Math.min(total, skip + q.limit); i++) recipients.push(row(i));
    return { recipients, summary, page: q.page, limit: q.limit, total };
  }
  let matched = 0;
  const statusOnly = q.search === undefined || q.search.trim() === '';
  for (let i = 0; i < total; i++) {
    if (!match(i)) continue;
    if (matched >= skip && recipients.length < q.limit) recipients.push(row(i));
    matched++;
    if (statusOnly && recipients.length === q.limit) {
      // Status-only totals come from the per-status counts; no need to scan on.
      matched = summary.find((s) => s.status === STATUS_NAMES[q.status ?? 0])?.count ?? matched;
      break;
    }
  }
  return { recipients, summary, page: q.page, limit: q.limit, total: matched };
}
