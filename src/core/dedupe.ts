/**
 * Remembers which numbers were already seen. Thai numbers (66 + a 9-digit national number)
 * are bits in a bitmap: 2,000,000 recipients cost at most ~37.5 MB over the mobile ranges
 * instead of a Set of strings (~100+ MB), and a small send touches only a page or two.
 */

const NATIONAL = /^66[1-9]\d{8}$/;
const PAGE_BITS = 1_000_000;

export class Deduper {
  // Page number (9-digit national number ÷ PAGE_BITS) → bits, allocated on first use.
  private readonly pages: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(1_000_000_000 / PAGE_BITS).fill(undefined);
  // Anything that is not 66 + 9 digits (should not happen after normalisation) still dedupes.
  private readonly others = new Set<string>();
  private count = 0;

  /** Records msisdn; true if it had not been seen before. */
  add(msisdn: string): boolean {
    if (!NATIONAL.test(msisdn)) {
      if (this.others.has(msisdn)) return false;
      this.others.add(msisdn);
      this.count++;
      return true;
    }
    return this.addNsn(Number(msisdn.slice(2)));
  }

  /**
   * Records 66 + nsn, nsn being the 9-digit national number as an integer (812345678): the
   * same number as add('66812345678'), without a string.
   */
  addNsn(n: number): boolean {
    if (!(n >= 100_000_000 && n <= 999_999_999 && Number.isInteger(n))) return this.add(`66${n}`);
    const pageNo = Math.floor(n / PAGE_BITS);
    const bit = n % PAGE_BITS;
    let page = this.pages[pageNo];
    if (!page) this.pages[pageNo] = page = new Uint8Array(PAGE_BITS / 8);
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
