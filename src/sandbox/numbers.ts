/**
 * Recipient parsing in the providers' accepted formats: 0XXXXXXXXX and 66XXXXXXXXX (and
 * +66XXXXXXXXX where the provider takes E.164), checked against the sandbox's own table of
 * Thai mobile ranges. Deliberately not the client's number code: the sandbox judges it.
 */

export interface InvalidNumber {
  index: number;
  value: string;
  reason: string;
}

/** The first invalid entries (each value cut to a short prefix) and how many there were in all. */
export type InvalidList = InvalidNumber[] & { total: number };

export interface ParsedNumbers {
  /** 9-digit national significant numbers of the valid entries, in input order. */
  nsn: Uint32Array;
  /** Input index of each valid entry. */
  indexes: Uint32Array;
  invalid: InvalidList;
}

/** Longest piece of a refused value quoted back: a 10 MB "number" is not echoed. */
export const QUOTE_MAX = 32;
const KEEP_INVALID = 1000;

function shortValue(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  if (s.length <= QUOTE_MAX) return s;
  let cut = s.slice(0, QUOTE_MAX);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}… (${s.length} characters)`;
}

const ZERO = 48;

/**
 * Mobile ranges by the first four digits of the 9-digit national number, from
 * libphonenumber's Thai metadata (the reference the providers' notes name):
 * 14xx, 8xxx, 9xxx, 61xx–66xx, 6710–6718, 6724–6727, 6731–6736. 060 and 068 are VoIP.
 */
const MOBILE_PREFIX = (() => {
  const t = new Uint8Array(10_000);
  const mark = (from: number, to: number) => t.fill(1, from, to + 1);
  mark(1400, 1499);
  mark(8000, 9999);
  mark(6100, 6699);
  mark(6710, 6718);
  mark(6724, 6727);
  mark(6731, 6736);
  return t;
})();

/** National significant number of a strictly formatted number, or a reason it is refused. */
export function parseNumber(raw: unknown, allowPlus: boolean): number | string {
  if (typeof raw !== 'string') return 'not a string';
  const s = raw.trim();
  let start: number;
  if (s.length === 10 && s.charCodeAt(0) === ZERO) start = 1;
  else if (s.length === 11 && s.startsWith('66')) start = 2;
  else if (allowPlus && s.length === 12 && s.startsWith('+66')) start = 3;
  else return allowPlus ? 'expected 0XXXXXXXXX, 66XXXXXXXXX or +66XXXXXXXXX' : 'expected 0XXXXXXXXX or 66XXXXXXXXX';
  let n = 0;
  for (let i = start; i < s.length; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return 'contains characters other than digits';
    n = n * 10 + d;
  }
  if (MOBILE_PREFIX[Math.floor(n / 100_000)] === 1) return n;
  const first = s.charCodeAt(start) - ZERO;
  const landline = (first >= 2 && first <= 5) || first === 7;
  return landline ? 'landline number (cannot receive SMS)' : `not a Thai mobile range (0${s.slice(start, start + 2)}…)`;
}

/** A number as a person types it into a query: spaces and dashes allowed, the leading 0 optional. */
export function looseNumber(raw: string): number | string {
  const s = raw.replace(/[\s-]/g, '');
  return parseNumber(/^[1689]\d{8}$/.test(s) ? `0${s}` : s, true);
}

/** Parses a list (an array or a body's LazyList) into compact numbers, one element at a time. */
export function parseNumbers(list: Iterable<unknown> & { readonly length: number }, allowPlus: boolean): ParsedNumbers {
  const nsn = new Uint32Array(list.length);
  const indexes = new Uint32Array(list.length);
  const invalid = Object.assign<InvalidNumber[], { total: number }>([], { total: 0 });
  let n = 0;
  let i = 0;
  for (const item of list) {
    const r = parseNumber(item, allowPlus);
    if (typeof r === 'number') {
      nsn[n] = r;
      indexes[n++] = i;
    } else if (invalid.total++ < KEEP_INVALID) invalid.push({ index: i, value: shortValue(item), reason: r });
    i++;
  }
  const all = n === list.length;
  return { nsn: all ? nsn : nsn.slice(0, n), indexes: all ? indexes : indexes.slice(0, n), invalid };
}

export const msisdnOf = (nsn: number): string => `66${nsn}`;

/** "a (reason), b (reason) and 3 more" */
export function describeInvalid(invalid: readonly InvalidNumber[] & { total?: number }, show = 5): string {
  const total = invalid.total ?? invalid.length;
  const head = invalid.slice(0, show).map((x) => `${x.value} (${x.reason})`).join(', ');
  return total > show ? `${head} and ${total - show} more` : head;
}
