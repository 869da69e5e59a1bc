/**
 * What the web inbox shows, read from the store without copying it: every recipient of every
 * message and OTP is one phone message ("entry"), grouped by number into conversations.
 *
 * The store only appends (a reset or load replaces its arrays), so the index grows by what is
 * new at each read: 16 bytes per recipient in typed columns, entries of one number chained
 * newest to oldest. Statuses are never indexed: they come from the clock when an entry is shown.
 */
import { PENDING, phaseOf, recipientStatus, STATUS_NAMES, statusCounts, SUCCESS } from '../delivery.js';
import { msisdnOf } from '../numbers.js';
import { partsOf } from '../parts.js';
import type { Store, StoredMessage, StoredOtp } from '../state.js';

type Provider = StoredMessage['provider'];

/** A status as the page names it: `success` is what a phone user calls delivered. */
export type EntryStatus = 'scheduled' | 'pending' | 'delivered' | Exclude<(typeof STATUS_NAMES)[number], 'success' | 'pending'>;

export interface WebEntry {
  /** Position in the index: stable until a reset, used to page (`before`). */
  id: number;
  msisdn: string;
  kind: 'sms' | 'otp';
  provider: Provider;
  sender: string;
  text: string;
  encoding: 'GSM-7' | 'UCS-2';
  parts: number;
  /** Credits this recipient cost (ThaiBulkSMS OTPs are not charged). */
  credits: number;
  status: EntryStatus;
  sentAt: string;
  scheduledAt: string | null;
  /** When it reached (or reaches) the phone; null while pending, or when it never will. */
  deliveredAt: string | null;
  /** The message's reference at its provider: SEPSMS/ME-SMS uuid, ThaiBulkSMS refNo, OTP reference. */
  ref: string;
  /** The code of an OTP (the page highlights it). */
  code?: string;
}

export interface Conversation {
  msisdn: string;
  count: number;
  unread: number;
  /** The newest entry (with a search, the newest that matches). */
  latest: WebEntry;
}

export interface ListQuery {
  /** Digits match the number (66… or 0… form) and text; anything else matches text, sender, reference. */
  q?: string;
  provider?: Provider;
  offset: number;
  limit: number;
}

export interface SendRow {
  kind: 'sms' | 'otp';
  provider: Provider;
  uuid: string;
  ref: string;
  sender: string;
  text: string;
  encoding: 'GSM-7' | 'UCS-2';
  parts: number;
  recipients: number;
  credits: number;
  refundedCredits: number;
  phase: 'scheduled' | 'pending' | 'processing' | 'delivered' | 'cancelled';
  counts: { status: EntryStatus; count: number }[];
  createdAt: string;
  scheduledAt: string | null;
}

const GROW = 1024;
const iso = (ms: number): string => new Date(ms).toISOString();
const statusName = (code: number): EntryStatus => {
  const n = STATUS_NAMES[code] ?? 'pending';
  return n === 'success' ? 'delivered' : n;
};

function grow<T extends Uint32Array | Int32Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as { new (n: number): T })(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** A search as the scan uses it: lower-cased text, and the digits when it is a number. */
interface Matcher {
  text: string;
  digits?: string;
}

function matcher(q: string | undefined): Matcher | undefined {
  const text = (q ?? '').trim().toLowerCase();
  if (text === '') return undefined;
  const compact = text.replace(/[\s+\-()]/g, '');
  return /^\d+$/.test(compact) ? { text, digits: compact } : { text };
}

export class WebView {
  private messages: StoredMessage[] | undefined;
  private otps: StoredOtp[] | undefined;
  private nextMessage = 0;
  private nextOtp = 0;
  /** Per entry: source (message index × 2, or OTP index × 2 + 1), recipient index, conversation, previous entry of that conversation. */
  private src = new Uint32Array(GROW);
  private rcpt = new Uint32Array(GROW);
  private conv = new Uint32Array(GROW);
  private prev = new Int32Array(GROW);
  private size = 0;
  private convOf = new Map<number, number>();
  private convNsn: number[] = [];
  private convLast: number[] = [];
  private convCount: number[] = [];
  private convRead: number[] = [];

  constructor(private readonly store: Store) {}

  /** Entries so far (after catching up with the store). */
  get entries(): number {
    this.sync();
    return this.size;
  }

  /** Brings the index up to the store: from scratch after a reset or load, else what was added. */
  sync(): void {
    const s = this.store;
    if (s.messages !== this.messages || s.otps !== this.otps || s.messages.length < this.nextMessage || s.otps.length < this.nextOtp) {
      this.messages = s.messages;
      this.otps = s.otps;
      this.nextMessage = this.nextOtp = this.size = 0;
      this.convOf = new Map();
      this.convNsn = [];
      this.convLast = [];
      this.convCount = [];
      this.convRead = [];
    }
    // Messages and OTPs interleave in creation order (seq): the index keeps that order.
    const ms = s.messages;
    const os = s.otps;
    while (this.nextMessage < ms.length || this.nextOtp < os.length) {
      const m = ms[this.nextMessage];
      const o = os[this.nextOtp];
      if (m && (!o || m.seq < o.seq)) {
        const source = this.nextMessage++ * 2;
        for (let r = 0; r < m.nsn.length; r++) this.add(source, r, m.nsn[r] ?? 0);
      } else if (o) {
        this.add(this.nextOtp++ * 2 + 1, 0, o.nsn);
      }
    }
  }

  private add(source: number, recipient: number, nsn: number): void {
    const i = this.size++;
    if (i >= this.src.length) {
      this.src = grow(this.src, i + 1);
      this.rcpt = grow(this.rcpt, i + 1);
      this.conv = grow(this.conv, i + 1);
      this.prev = grow(this.prev, i + 1);
    }
    let c = this.convOf.get(nsn);
    if (c === undefined) {
      c = this.convNsn.length;
      this.convOf.set(nsn, c);
      this.convNsn.push(nsn);
      this.convLast.push(-1);
      this.convCount.push(0);
      this.convRead.push(0);
    }
    this.src[i] = source;
    this.rcpt[i] = recipient;
    this.conv[i] = c;
    this.prev[i] = this.convLast[c] ?? -1;
    this.convLast[c] = i;
    this.convCount[c] = (this.convCount[c] ?? 0) + 1;
  }

  private entry(i: number, now: number): WebEntry {
    const source = this.src[i] ?? 0;
    const nsn = this.convNsn[this.conv[i] ?? 0] ?? 0;
    if (source % 2 === 1) {
      const o = this.otps![source >> 1]!;
      const p = partsOf(o.text);
      return {
        id: i,
        msisdn: msisdnOf(nsn),
        kind: 'otp',
        provider: o.provider,
        sender: o.sender,
        text: o.text,
        encoding: p.encoding,
        parts: p.parts,
        credits: o.provider === 'sepsms' ? p.parts : 0,
        status: statusName(o.final),
        sentAt: iso(o.createdAt),
        scheduledAt: null,
        deliveredAt: o.final === SUCCESS ? iso(o.createdAt) : null,
        ref: o.ref,
        code: o.code,
      };
    }
    const m = this.messages![source >> 1]!;
    const phase = phaseOf(m, now);
    const code = recipientStatus(m, phase, this.rcpt[i] ?? 0);
    const status: EntryStatus = phase === 'scheduled' ? 'scheduled' : code === PENDING ? 'pending' : statusName(code);
    return {
      id: i,
      msisdn: msisdnOf(nsn),
      kind: 'sms',
      provider: m.provider,
      sender: m.sender,
      text: m.content,
      encoding: m.encoding,
      parts: m.parts,
      credits: m.parts,
      status,
      sentAt: iso(m.createdAt),
      scheduledAt: m.scheduledAt === null ? null : iso(m.scheduledAt),
      deliveredAt: status === 'delivered' ? iso(m.deliverAt) : null,
      ref: m.provider === 'thaibulksms' ? m.refNo : m.uuid,
    };
  }

  /** Whether each source matches: decided once per source per query, not once per recipient. */
  private sourceMatches(match: Matcher | undefined, provider: Provider | undefined): (source: number) => boolean {
    if (!match && !provider) return () => true;
    const memo = new Map<number, boolean>();
    return (source) => {
      let hit = memo.get(source);
      if (hit !== undefined) return hit;
      const item = source % 2 === 1 ? this.otps![source >> 1]! : this.messages![source >> 1]!;
      const text = 'content' in item ? item.content : item.text;
      const ref = 'content' in item ? `${item.uuid} ${item.refNo}` : item.ref;
      hit = (!provider || item.provider === provider) && (!match || `${text}\n${item.sender}\n${ref}`.toLowerCase().includes(match.text));
      memo.set(source, hit);
      return hit;
    };
  }

  /** Conversations, newest activity first; a search or provider keeps those with a matching entry. */
  conversations(q: ListQuery, now: number): { total: number; conversations: Conversation[] } {
    this.sync();
    const match = matcher(q.q);
    const out: Conversation[] = [];
    if (!match && !q.provider) {
      // Every conversation: ordered by its newest entry, which the index already knows.
      const order = this.convLast.map((last, c) => [last, c] as const).sort((a, b) => b[0] - a[0]);
      for (const [last, c] of order.slice(q.offset, q.offset + q.limit)) out.push(this.summary(c, last, now));
      return { total: order.length, conversations: out };
    }
    const providerOk = this.sourceMatches(undefined, q.provider);
    const textOk = this.sourceMatches(match, undefined);
    const numberOk = match?.digits ? this.numberMatcher(match.digits) : () => false;
    const seen = new Uint8Array(this.convNsn.length);
    let total = 0;
    for (let i = this.size - 1; i >= 0; i--) {
      const c = this.conv[i] ?? 0;
      if (seen[c]) continue;
      const source = this.src[i] ?? 0;
      if (!providerOk(source) || (match && !numberOk(c) && !textOk(source))) continue;
      seen[c] = 1;
      if (total >= q.offset && out.length < q.limit) out.push(this.summary(c, i, now));
      total++;
    }
    return { total, conversations: out };
  }

  private numberMatcher(digits: string): (c: number) => boolean {
    const memo = new Map<number, boolean>();
    return (c) => {
      let hit = memo.get(c);
      if (hit === undefined) {
        const nsn = String(this.convNsn[c] ?? '');
        hit = `66${nsn}`.includes(digits) || `0${nsn}`.includes(digits);
        memo.set(c, hit);
      }
      return hit;
    };
  }

  private summary(c: number, latest: number, now: number): Conversation {
    const count = this.convCount[c] ?? 0;
    return { msisdn: msisdnOf(this.convNsn[c] ?? 0), count, unread: count - (this.convRead[c] ?? 0), latest: this.entry(latest, now) };
  }

  /** One number's messages, newest last; `before` pages back from an entry id. */
  thread(nsn: number, o: { before?: number; limit: number }, now: number): { msisdn: string; total: number; unread: number; messages: WebEntry[]; more: boolean } {
    this.sync();
    const c = this.convOf.get(nsn);
    if (c === undefined) return { msisdn: msisdnOf(nsn), total: 0, unread: 0, messages: [], more: false };
    const out: WebEntry[] = [];
    let i = this.convLast[c] ?? -1;
    while (i >= 0 && o.before !== undefined && i >= o.before) i = this.prev[i] ?? -1;
    while (i >= 0 && out.length < o.limit) {
      out.push(this.entry(i, now));
      i = this.prev[i] ?? -1;
    }
    const count = this.convCount[c] ?? 0;
    return { msisdn: msisdnOf(nsn), total: count, unread: count - (this.convRead[c] ?? 0), messages: out.reverse(), more: i >= 0 };
  }

  /** Marks a number's messages read (the page does when it shows them); false for an unknown number. */
  markRead(nsn: number): boolean {
    this.sync();
    const c = this.convOf.get(nsn);
    if (c === undefined) return false;
    this.convRead[c] = this.convCount[c] ?? 0;
    return true;
  }

  /** Sends (messages and OTP requests), newest first. */
  sends(q: ListQuery, now: number): { total: number; sends: SendRow[] } {
    this.sync();
    const match = matcher(q.q);
    const ms = this.store.messages;
    const os = this.store.otps;
    const nsn = match?.digits && match.digits.length >= 9 ? Number(match.digits.slice(-9)) : undefined;
    const fits = (item: StoredMessage | StoredOtp): boolean => {
      if (q.provider && item.provider !== q.provider) return false;
      if (!match) return true;
      const text = 'content' in item ? `${item.content}\n${item.sender}\n${item.uuid}\n${item.refNo}` : `${item.text}\n${item.sender}\n${item.ref}\n${item.id}`;
      if (text.toLowerCase().includes(match.text)) return true;
      if (nsn === undefined) return false;
      return 'content' in item ? item.nsn.includes(nsn) : item.nsn === nsn;
    };
    const out: SendRow[] = [];
    let total = 0;
    const all = !match && !q.provider;
    let mi = ms.length - 1;
    let oi = os.length - 1;
    while (mi >= 0 || oi >= 0) {
      const m = ms[mi];
      const o = os[oi];
      const item = m && (!o || m.seq > o.seq) ? (mi--, m) : (oi--, o!);
      if (!fits(item)) continue;
      if (total >= q.offset && out.length < q.limit) out.push(sendRow(item, now));
      total++;
      // Unfiltered, the count is known: no need to walk past the page.
      if (all && out.length >= q.limit) return { total: ms.length + os.length, sends: out };
    }
    return { total, sends: out };
  }
}

function sendRow(item: StoredMessage | StoredOtp, now: number): SendRow {
  if ('content' in item) {
    const phase = phaseOf(item, now);
    return {
      kind: 'sms',
      provider: item.provider,
      uuid: item.uuid,
      ref: item.provider === 'thaibulksms' ? item.refNo : item.uuid,
      sender: item.sender,
      text: item.content,
      encoding: item.encoding,
      parts: item.parts,
      recipients: item.nsn.length,
      credits: item.totalCredit,
      refundedCredits: item.refundedCredit,
      phase,
      counts: statusCounts(item, now).map(({ status, count }) => ({
        status: phase === 'scheduled' ? 'scheduled' : status === 'success' ? 'delivered' : status,
        count,
      })),
      createdAt: iso(item.createdAt),
      scheduledAt: item.scheduledAt === null ? null : iso(item.scheduledAt),
    };
  }
  const p = partsOf(item.text);
  return {
    kind: 'otp',
    provider: item.provider,
    uuid: item.id,
    ref: item.ref,
    sender: item.sender,
    text: item.text,
    encoding: p.encoding,
    parts: p.parts,
    recipients: 1,
    credits: item.provider === 'sepsms' ? p.parts : 0,
    refundedCredits: 0,
    phase: 'delivered',
    counts: [{ status: statusName(item.final), count: 1 }],
    createdAt: iso(item.createdAt),
    scheduledAt: null,
  };
}
