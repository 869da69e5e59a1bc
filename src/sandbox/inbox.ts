/**
 * The sandbox inbox, computed on demand from stored messages and OTPs (never
 * materialised): every recipient whose final status is success receives the text at its
 * delivery time; OTPs arrive when sent.
 */
import type { ProviderId } from './types.js';
import { SUCCESS } from './delivery.js';
import { msisdnOf } from './numbers.js';
import type { Store } from './state.js';

export interface InboxEntry {
  msisdn: string;
  text: string;
  sender: string;
  provider: ProviderId;
  at: string;
}

export interface InboxQuery {
  /** National significant number to filter on. */
  nsn?: number;
  /** Only entries delivered at or after this time. */
  since?: number;
  limit: number;
}

interface Source {
  at: number;
  seq: number;
  provider: ProviderId;
  sender: string;
  text: string;
  nsn: ArrayLike<number>;
  finals: ArrayLike<number>;
}

/** The newest `limit` matching entries, oldest first (newest last). */
export function readInbox(store: Store, now: number, q: InboxQuery): InboxEntry[] {
  const since = q.since ?? -Infinity;
  const sources: Source[] = [];
  for (const m of store.messages) {
    if (m.cancelledAt !== null || m.deliverAt > now || m.deliverAt < since) continue;
    sources.push({ at: m.deliverAt, seq: m.seq, provider: m.provider, sender: m.sender, text: m.content, nsn: m.nsn, finals: m.finals });
  }
  for (const o of store.otps) {
    if (o.createdAt > now || o.createdAt < since) continue;
    sources.push({ at: o.createdAt, seq: o.seq, provider: o.provider, sender: o.sender, text: o.text, nsn: [o.nsn], finals: [o.final] });
  }
  sources.sort((a, b) => b.at - a.at || b.seq - a.seq);

  const out: InboxEntry[] = [];
  for (const s of sources) {
    for (let i = s.nsn.length - 1; i >= 0 && out.length < q.limit; i--) {
      if (s.finals[i] !== SUCCESS) continue;
      const n = s.nsn[i] ?? 0;
      if (q.nsn !== undefined && n !== q.nsn) continue;
      out.push({ msisdn: msisdnOf(n), text: s.text, sender: s.sender, provider: s.provider, at: new Date(s.at).toISOString() });
    }
    if (out.length >= q.limit) break;
  }
  return out.reverse();
}
