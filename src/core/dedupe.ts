/**
 * Remembers which numbers were already seen. Thai mobiles (66 + 9 digits starting 6, 8 or 9)
 * are bits in a bitmap: 2,000,000 recipients cost at most ~37.5 MB instead of a Set of
 * strings (~100+ MB), and a small send touches only a page or two.
 */

const MOBILE = /^66[689]\d{8}$/;
const PAGE_BITS = 1_000_000;

export class Deduper {
  // Page number (9-digit national number ÷ PAGE_BITS) → bits, allocated on first use.
  private readonly pages = new Map<number, Uint8Array>();
  // Anything that is not a Thai mobile (should not happen after normalisation) still dedupes.
  private readonly others = new Set<string>();
  private count = 0;

  /** Records msisdn; true if it had not been seen before. */
  add(msisdn: string): boolean {
    if (!MOBILE.test(msisdn)) {
      if (this.others.has(msisdn)) return false;
      this.others.add(msisdn);
      this.count++;
      return true;
    }
    const n = Number(msisdn.slice(2));
    const pageNo = Math.floor(n / PAGE_BITS);
    const bit = n % PAGE_BITS;
    let page = this.pages.get(pageNo);
    if (!page) this.pages.set(pageNo, (page = new Uint8Array(PAGE_BITS / 8)));
    const mask = 1 << (bit & 7);
    const byte = bit >>> 3;
    const value = page[byte]!;
    if (value & mask) return false;
    page[byte] = value | mask;
    this.count++;
    return true;
  }

  get size(): number {
    return this.count;
  }
}
