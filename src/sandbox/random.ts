/**
 * Identifier and code generation: crypto-random by default, a seeded PRNG (sfc32) when a
 * seed is given so ids, refNos and OTP codes are reproducible. The PRNG state is part of
 * the persisted sandbox state, so a restart does not replay old ids.
 */
import { randomBytes, randomFillSync, randomInt } from 'node:crypto';

const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const POOL_BYTES = 4096;

export class Rng {
  private s: Uint32Array | null;
  private readonly pool = new Uint8Array(POOL_BYTES);
  private poolAt = POOL_BYTES;
  private readonly chars = Buffer.allocUnsafe(64);

  constructor(seed?: number, state?: readonly number[]) {
    if (seed === undefined) {
      this.s = null;
    } else if (state && state.length === 4) {
      this.s = Uint32Array.from(state);
    } else {
      // splitmix32 expands the seed into sfc32's four words.
      let x = seed >>> 0;
      const next = (): number => {
        x = (x + 0x9e3779b9) >>> 0;
        let z = x;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
        return (z ^ (z >>> 16)) >>> 0;
      };
      this.s = Uint32Array.of(next(), next(), next(), next());
    }
  }

  /** PRNG words to persist, or null when crypto-random. */
  state(): number[] | null {
    return this.s ? Array.from(this.s) : null;
  }

  private next32(s: Uint32Array): number {
    const [a = 0, b = 0, c = 0, d = 0] = s;
    const t = (((a + b) >>> 0) + d) >>> 0;
    s[3] = (d + 1) >>> 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) >>> 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) >>> 0;
    return t;
  }

  /** Uniform integer in [0, max). */
  int(max: number): number {
    if (!this.s) return randomInt(max);
    const limit = Math.floor(0x1_0000_0000 / max) * max;
    for (;;) {
      const v = this.next32(this.s);
      if (v < limit) return v % max;
    }
  }

  bytes(n: number): Uint8Array {
    if (!this.s) return randomBytes(n);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  uuid(): string {
    const b = this.bytes(16);
    b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
    b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
    const h = Buffer.from(b).toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  private pick(alphabet: string, length: number): string {
    if (this.s) {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
      return out;
    }
    // Crypto-random: bytes from a pool with rejection sampling, still uniform, written into
    // a byte buffer (the alphabets are ASCII). A call to randomInt per character, or a string
    // grown a character at a time, made 2,000,000 ThaiBulkSMS message ids cost seconds.
    const n = alphabet.length;
    const limit = 256 - (256 % n);
    const out = length <= this.chars.length ? this.chars : Buffer.allocUnsafe(length);
    let k = 0;
    while (k < length) {
      if (this.poolAt >= POOL_BYTES) {
        randomFillSync(this.pool);
        this.poolAt = 0;
      }
      const byte = this.pool[this.poolAt++]!;
      if (byte < limit) out[k++] = alphabet.charCodeAt(byte % n);
    }
    return out.toString('latin1', 0, length);
  }

  digits(length: number): string {
    return this.pick('0123456789', length);
  }

  /** Upper-case letters and digits, e.g. OTP references "A3K9X2". */
  ref(length: number): string {
    return this.pick(ALNUM_UPPER, length);
  }

  /** ThaiBulkSMS-style message ids, e.g. "Gi9YlmTd6wpgMdec8iMrRi". */
  base62(length: number): string {
    return this.pick(BASE62, length);
  }
}
