/**
 * State file: JSON, recipients' typed arrays as base64 (little-endian), written atomically
 * (temporary file + rename, mode 0600), debounced after mutations and flushed on close.
 * Encoding is cheap (base64 of 5 bytes per recipient), so nothing is cached between writes.
 */
import { chmod, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SandboxError } from './errors.js';
import { PROVIDER_IDS } from './types.js';
import type { ProviderId } from './types.js';
import { BALANCE_KEYS } from './state.js';
import type { BalanceKey, Store, StoredMessage, StoredOtp } from './state.js';
import type { DeliveryRecord, WebhookReceiver } from './webhook-types.js';

const FORMAT = 'smsctl-sandbox-state';
const VERSION = 1;
const DEBOUNCE_MS = 100;

function encodeMessage(m: StoredMessage): string {
  const { nsn, finals, ...rest } = m;
  return JSON.stringify({
    ...rest,
    nsn: Buffer.from(nsn.buffer, nsn.byteOffset, nsn.byteLength).toString('base64'),
    finals: Buffer.from(finals.buffer, finals.byteOffset, finals.byteLength).toString('base64'),
  });
}

export function serializeState(store: Store): string {
  const head = JSON.stringify({
    format: FORMAT,
    version: VERSION,
    seed: store.seed ?? null,
    rng: store.rng.state(),
    seq: store.seq,
    balances: store.balances,
    senders: store.senders,
    otps: store.otps,
    webhooks: store.webhooks,
    deliveries: store.deliveries,
  });
  // Messages are encoded one by one so no single huge object graph is built.
  return `${head.slice(0, -1)},"messages":[${store.messages.map(encodeMessage).join(',')}]}\n`;
}

class Corrupt extends Error {}

function need(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Corrupt(what);
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const numOrNull = (v: unknown): boolean => v === null || isNum(v);

function decodeTyped<T extends Uint8Array | Uint32Array>(b64: unknown, make: (n: number) => T, what: string): T {
  need(isStr(b64), `${what} is not base64`);
  const buf = Buffer.from(b64, 'base64');
  const out = make(buf.byteLength / (make(0).BYTES_PER_ELEMENT || 1));
  need(out.byteLength === buf.byteLength, `${what} has a truncated length`);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

function decodeMessage(raw: unknown, i: number): StoredMessage {
  const w = `messages[${i}]`;
  need(isObj(raw), `${w} is not an object`);
  need(PROVIDER_IDS.includes(raw.provider as ProviderId), `${w}.provider`);
  for (const k of ['uuid', 'refNo', 'sender', 'content', 'encoding', 'balanceKey']) need(isStr(raw[k]), `${w}.${k}`);
  for (const k of ['parts', 'totalCredit', 'createdAt', 'deliverAt', 'refundedCredit', 'seq', 'blockedCount']) need(isNum(raw[k]), `${w}.${k}`);
  need(numOrNull(raw.scheduledAt) && numOrNull(raw.cancelledAt), `${w} times`);
  need(Array.isArray(raw.counts) && raw.counts.every(isNum), `${w}.counts`);
  need(isObj(raw.meta), `${w}.meta`);
  const nsn = decodeTyped(raw.nsn, (n) => new Uint32Array(n), `${w}.nsn`);
  const finals = decodeTyped(raw.finals, (n) => new Uint8Array(n), `${w}.finals`);
  need(nsn.length === finals.length, `${w} recipients and statuses differ in length`);
  return { ...(raw as unknown as StoredMessage), nsn, finals };
}

function decodeOtp(raw: unknown, i: number): StoredOtp {
  const w = `otps[${i}]`;
  need(isObj(raw), `${w} is not an object`);
  need(raw.provider === 'sepsms' || raw.provider === 'thaibulksms', `${w}.provider`);
  for (const k of ['id', 'ref', 'handle', 'sender', 'text', 'code']) need(isStr(raw[k]), `${w}.${k}`);
  for (const k of ['nsn', 'createdAt', 'expiresAt', 'wrongAttempts', 'seq', 'final']) need(isNum(raw[k]), `${w}.${k}`);
  need(numOrNull(raw.usedAt), `${w}.usedAt`);
  return raw as unknown as StoredOtp;
}

/** Loads `file` into `store`; false when the file does not exist. Throws on a corrupt file. */
export async function loadState(file: string, store: Store): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new SandboxError('invalid', `Cannot read sandbox state file ${file}: ${(e as Error).message}`, 'SANDBOX_STATE_UNREADABLE', { cause: e });
  }
  try {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new Corrupt('not valid JSON');
    }
    need(isObj(data) && data.format === FORMAT, 'not a sandbox state file');
    need(data.version === VERSION, `unsupported version ${String(data.version)}`);
    need(isObj(data.balances), 'balances');
    const balances = {} as Record<BalanceKey, number>;
    for (const k of BALANCE_KEYS) {
      const v = data.balances[k] ?? store.balances[k];
      need(isNum(v), `balances.${k}`);
      balances[k] = v;
    }
    need(isNum(data.seq), 'seq');
    need(Array.isArray(data.messages) && Array.isArray(data.otps), 'messages/otps');
    need(isObj(data.senders) && PROVIDER_IDS.every((p) => Array.isArray((data.senders as Record<string, unknown>)[p])), 'senders');
    const rng = Array.isArray(data.rng) && data.rng.length === 4 && data.rng.every(isNum) ? data.rng : null;
    // Both arrived after version 1 was fixed: optional, so older files load unchanged.
    const webhooks = (data.webhooks ?? []) as unknown[];
    const deliveries = (data.deliveries ?? []) as unknown[];
    need(Array.isArray(webhooks) && webhooks.every((w) => isObj(w) && isStr(w.id) && isStr(w.url) && isStr(w.secret) && Array.isArray(w.events) && isNum(w.createdAt)), 'webhooks');
    need(Array.isArray(deliveries) && deliveries.every((d) => isObj(d) && isStr(d.id) && isStr(d.url) && isStr(d.body) && Array.isArray(d.attempts)), 'deliveries');
    store.load({
      balances,
      messages: data.messages.map(decodeMessage),
      otps: data.otps.map(decodeOtp),
      senders: data.senders as Record<ProviderId, string[]>,
      seq: data.seq,
      // Continue the PRNG only when started with the same seed it came from.
      rng: data.seed === (store.seed ?? null) ? rng : null,
    });
    store.webhooks = webhooks as WebhookReceiver[];
    store.deliveries = deliveries as DeliveryRecord[];
    return true;
  } catch (e) {
    if (!(e instanceof Corrupt)) throw e;
    throw new SandboxError(
      'invalid',
      `Sandbox state file ${file} is corrupt (${e.message}). Move or delete it to start with a fresh sandbox.`,
      'SANDBOX_STATE_CORRUPT',
    );
  }
}

/** Debounced, serialised, atomic writes of the store to one file. */
export class Persister {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  private counter = 0;
  /** Last write failure, reported by the next flush(). */
  private failure: unknown;

  constructor(
    private readonly file: string,
    private readonly store: Store,
  ) {
    store.onChange = () => this.schedule();
  }

  private schedule(): void {
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, DEBOUNCE_MS);
  }

  private write(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const tmp = `${this.file}.${process.pid}.${++this.counter}.tmp`;
      try {
        await mkdir(dirname(this.file), { recursive: true });
        await writeFile(tmp, serializeState(this.store), { mode: 0o600 });
        await chmod(tmp, 0o600);
        await rename(tmp, this.file);
        this.failure = undefined;
      } catch (e) {
        this.failure = e;
        await unlink(tmp).catch(() => {});
      }
    });
    return this.writing;
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.write();
    if (this.failure) {
      const e = this.failure;
      this.failure = undefined;
      throw new SandboxError('internal', `Cannot write sandbox state file ${this.file}: ${(e as Error).message}`, 'SANDBOX_STATE_WRITE_FAILED', {
        cause: e,
      });
    }
  }
}
