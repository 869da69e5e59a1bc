/**
 * A list of canonical numbers as a provider request takes it: an array, or the comma-joined
 * string a planned batch keeps, read one number at a time so a 2,000,000-number request
 * never becomes 2,000,000 strings at once.
 */
export interface NumberList extends Iterable<string> {
  readonly length: number;
}

export class JoinedNumbers implements NumberList {
  constructor(
    readonly joined: string,
    readonly length: number,
  ) {}

  /** The joined string in comma-joined pieces of about `size` characters, cut at commas. */
  *pieces(size: number): Generator<string> {
    let start = 0;
    while (start < this.joined.length) {
      let end = this.joined.indexOf(',', start + size);
      if (end === -1) end = this.joined.length;
      yield this.joined.slice(start, end);
      start = end + 1;
    }
  }

  *[Symbol.iterator](): Iterator<string> {
    if (this.length === 0) return;
    let start = 0;
    for (;;) {
      const end = this.joined.indexOf(',', start);
      if (end === -1) {
        yield this.joined.slice(start);
        return;
      }
      yield this.joined.slice(start, end);
      start = end + 1;
    }
  }
}
