/**
 * The sandbox's whole mutable state: balances, messages (recipients stored compactly),
 * OTPs and used sender names. Persistence lives in persist.ts; this module only tells it
 * when something changed.
 */
import type { SandboxEncoding as Encoding } from './parts.js';
import type { ProviderId } from './types.js';
import { PROVIDER_IDS } from './types.js';
import type { Deliverable } from './delivery.js';
import { Rng } from './random.js';
import type { DeliveryRecord, WebhookReceiver } from './webhook-types.js';

/** ThaiBulkSMS keeps a second balance for corporate credit. */
export type BalanceKey = ProviderId | 'thaibulksms:corporate';
export const BALANCE_KEYS: readonly BalanceKey[] = [...PROVIDER_IDS, 'thaibulksms:corporate'];
export const DEFAULT_BALANCE = 100_000;

export interface StoredMessage extends Deliverable {
  provider: ProviderId;
  uuid: string;
  refNo: string;
  sender: string;
  content: string;
  encoding: Encoding;
  parts: number;
  totalCredit: number;
  balanceKey: BalanceKey;
  createdAt: number;
  refundedCredit: number;
  /** Creation order across messages and OTPs (inbox ordering). */
  seq: number;
  /** Recipients: 9-digit national significant numbers (66 + nsn is the msisdn). */
  nsn: Uint32Array;
  blockedCount: number;
  /** Provider-specific extras echoed back (ThaiBulkSMS tag, callback...). */
  meta: Record<string, string>;
  /** Webhook/callback events already emitted (EMITTED_* bits in notify.ts); absent = none. */
  emitted?: number;
}

export interface StoredOtp {
  provider: 'sepsms' | 'thaibulksms';
  /** SEPSMS uuid; ThaiBulkSMS token. */
  id: string;
  /** SEPSMS reference; ThaiBulkSMS refno. */
  ref: string;
  /** What verify is called with: SEPSMS reference, ThaiBulkSMS token. */
  handle: string;
  nsn: number;
  sender: string;
  text: string;
  code: string;
  createdAt: number;
  expiresAt: number;
  wrongAttempts: number;
  usedAt: number | null;
  seq: number;
  /** Final delivery status code (magic numbers apply to OTPs too). */
  final: number;
}

export interface StoreInit {
  balances: Record<BalanceKey, number>;
  seed?: number;
}

export class Store {
  balances: Record<BalanceKey, number>;
  messages: StoredMessage[] = [];
  otps: StoredOtp[] = [];
  senders: Record<ProviderId, string[]> = { thaibulksms: [], sepsms: [], mesms: [] };
  seq = 0;
  rng: Rng;
  /** Registered receivers; kept by reset, like a dashboard's settings. */
  webhooks: WebhookReceiver[] = [];
  /** What was sent to receivers and callback URLs, oldest first (bounded, see notify.ts). */
  deliveries: DeliveryRecord[] = [];
  /** Called after every mutation (persistence schedules a write). */
  onChange: () => void = () => {};
  /** Event hooks for webhooks (notify.ts). */
  onMessage: (m: StoredMessage) => void = () => {};
  onOtpVerified: (o: StoredOtp) => void = () => {};
  private byUuid = new Map<string, StoredMessage>();
  private otpByHandle = new Map<string, StoredOtp>();

  constructor(private readonly init: StoreInit) {
    this.balances = { ...init.balances };
    this.rng = new Rng(init.seed);
  }

  get seed(): number | undefined {
    return this.init.seed;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  addMessage(m: StoredMessage): void {
    this.messages.push(m);
    this.byUuid.set(`${m.provider}:${m.uuid}`, m);
    this.onMessage(m);
    this.onChange();
  }

  /** Called by verifyOtp on success (otp.verified webhooks). */
  otpVerified(o: StoredOtp): void {
    this.onOtpVerified(o);
  }

  findMessage(provider: ProviderId, uuid: string): StoredMessage | undefined {
    return this.byUuid.get(`${provider}:${uuid}`);
  }

  /** After changing a stored message in place (cancel). */
  messageChanged(_m: StoredMessage): void {
    this.onChange();
  }

  addOtp(o: StoredOtp): void {
    this.otps.push(o);
    this.otpByHandle.set(`${o.provider}:${o.handle}`, o);
    this.onChange();
  }

  findOtp(provider: StoredOtp['provider'], handle: string): StoredOtp | undefined {
    return this.otpByHandle.get(`${provider}:${handle}`);
  }

  useSender(provider: ProviderId, name: string): void {
    const list = this.senders[provider];
    if (!list.includes(name)) list.push(name);
  }

  /** Charges `amount` if the balance covers it; false (and nothing charged) otherwise. */
  charge(key: BalanceKey, amount: number): boolean {
    if (this.balances[key] < amount) return false;
    this.balances[key] -= amount;
    return true;
  }

  setBalance(key: BalanceKey, balance: number): void {
    this.balances[key] = balance;
    this.onChange();
  }

  /** Back to a fresh start: initial balances, no messages, no OTPs, PRNG reseeded. */
  reset(): void {
    this.load({ balances: { ...this.init.balances }, messages: [], otps: [], senders: undefined, seq: 0, rng: null });
    this.deliveries = [];
    this.onChange();
  }

  load(data: {
    balances: Record<BalanceKey, number>;
    messages: StoredMessage[];
    otps: StoredOtp[];
    senders: Record<ProviderId, string[]> | undefined;
    seq: number;
    rng: number[] | null;
  }): void {
    this.balances = data.balances;
    this.messages = data.messages;
    this.otps = data.otps;
    this.senders = data.senders ?? { thaibulksms: [], sepsms: [], mesms: [] };
    this.seq = data.seq;
    this.rng = new Rng(this.init.seed, data.rng ?? undefined);
    this.byUuid = new Map(data.messages.map((m) => [`${m.provider}:${m.uuid}`, m]));
    this.otpByHandle = new Map(data.otps.map((o) => [`${o.provider}:${o.handle}`, o]));
  }
}
