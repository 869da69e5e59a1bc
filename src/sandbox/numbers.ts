/**
 * Recipient parsing in the providers' accepted formats: 0XXXXXXXXX and 66XXXXXXXXX (and
 * +66XXXXXXXXX where the provider takes E.164), validated as Thai mobiles by normalizePhone.
 */
import { normalizePhone } from '../core/phone.js';

export interface InvalidNumber {
  index: number;
  value: string;
  reason: string;
}

export interface ParsedNumbers {
  /** 9-digit national significant numbers of the valid entries, in input order. */
  nsn: Uint32Array;
  /** Input index of each valid entry. */
  indexes: Uint32Array;
  invalid: InvalidNumber[];
}

const ZERO = 48;

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
  const checked = normalizePhone(s);
  return checked.ok ? n : checked.reason;
}

export function parseNumbers(list: readonly unknown[], allowPlus: boolean): ParsedNumbers {
  const nsn = new Uint32Array(list.length);
  const indexes = new Uint32Array(list.length);
  const invalid: InvalidNumber[] = [];
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    const r = parseNumber(list[i], allowPlus);
    if (typeof r === 'number') {
      nsn[n] = r;
      indexes[n++] = i;
    } else invalid.push({ index: i, value: typeof list[i] === 'string' ? (list[i] as string) : JSON.stringify(list[i]) ?? '', reason: r });
  }
  const all = n === list.length;
  return { nsn: all ? nsn : nsn.slice(0, n), indexes: all ? indexes : indexes.slice(0, n), invalid };
}

export const msisdnOf = (nsn: number): string => `66${nsn}`;

/** "a (reason), b (reason) and 3 more" */
export function describeInvalid(invalid: readonly InvalidNumber[], show = 5): string {
  const head = invalid.slice(0, show).map((x) => `${x.value} (${x.reason})`).join(', ');
  return invalid.length > show ? `${head} and ${invalid.length - show} more` : head;
}
