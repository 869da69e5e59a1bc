/**
 * Thai mobile number normalisation. Canonical form everywhere inside smsctl is the
 * international form without '+': 66 followed by the 9-digit national number.
 */

import { MOBILE_RANGES, PREFIX_DIGITS } from './mobile-ranges.js';
import { Reason } from './reason.js';

export type PhoneResult =
  | { ok: true; msisdn: string; /** The input had 9 digits: a spreadsheet dropped the leading 0. */ droppedZero: boolean }
  /** `${reason}` in the reader's language; English in JSON and the report (see reason.ts). */
  | { ok: false; reason: Reason };

// Made once: a list of two million bad numbers allocates no reason per row.
const EMPTY: PhoneResult = { ok: false, reason: new Reason('phone.empty') };
const SCIENTIFIC_NOTATION: PhoneResult = { ok: false, reason: new Reason('phone.scientific') };
const NOT_DIGITS: PhoneResult = { ok: false, reason: new Reason('phone.not_digits') };
const LANDLINE: PhoneResult = { ok: false, reason: new Reason('phone.landline') };
const tooShort = refusal('phone.too_short', 'digits');
const notMobile = refusal('phone.not_mobile', 'digits');
const voip = refusal('phone.voip', 'prefix');
const notMobileRange = refusal('phone.not_mobile_range', 'prefix');

/** One result per distinct digit count or prefix, made when first needed. */
function refusal(key: ConstructorParameters<typeof Reason>[0], param: string): (value: string | number) => PhoneResult {
  const made = new Map<string | number, PhoneResult>();
  return (value) => {
    let r = made.get(value);
    if (!r) made.set(value, (r = { ok: false, reason: new Reason(key, { [param]: value }) }));
    return r;
  };
}

const NSN_DIGITS = 9;
const MOBILE = 1;
const VOIP = 2;
const ZERO = 48;
const PREFIX_DIVISOR = 10 ** (NSN_DIGITS - PREFIX_DIGITS);

/**
 * Kind of every PREFIX_DIGITS-digit prefix of the 9-digit national significant number
 * (NSN 812345678 → index 81234): 1 mobile, 2 VoIP, 0 anything else. Expanded from the ranges
 * generated out of libphonenumber's Thai metadata (src/core/mobile-ranges.ts).
 */
const PREFIX_KIND = new Uint8Array(10 ** PREFIX_DIGITS);
for (const [from, to, kind] of MOBILE_RANGES) PREFIX_KIND.fill(kind, from, to + 1);

/**
 * True if nsn, a 9-digit national significant number as an integer (812345678), is in a Thai
 * mobile range. A table lookup: no regex, no string.
 */
export function isMobileNsn(nsn: number): boolean {
  // `| 0` is exact for 9-digit values (< 2^31) and rejects fractions and NaN.
  return nsn >= 100_000_000 && nsn <= 999_999_999 && (nsn | 0) === nsn && PREFIX_KIND[(nsn / PREFIX_DIVISOR) | 0] === MOBILE;
}

/** Range kind of a string of at least PREFIX_DIGITS ASCII digits, by its first PREFIX_DIGITS. */
function prefixKind(digits: string): number {
  let p = 0;
  for (let i = 0; i < PREFIX_DIGITS; i++) p = p * 10 + digits.charCodeAt(i) - ZERO;
  return PREFIX_KIND[p]!;
}

const SEPARATORS = /[\s\-.()[\]\u00a0\u200b]/g;
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i;

export function normalizePhone(raw: string): PhoneResult {
  const trimmed = raw.trim();
  if (trimmed === '') return EMPTY;
  if ((trimmed.includes('e') || trimmed.includes('E')) && SCIENTIFIC.test(trimmed.replace(/\s/g, ''))) return SCIENTIFIC_NOTATION;
  let digits = trimmed.replace(SEPARATORS, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  else if (digits.startsWith('00')) digits = digits.slice(2);
  if (!/^\d+$/.test(digits)) return NOT_DIGITS;

  let nsn: string;
  let droppedZero = false;
  if (digits.length === 11 && digits.startsWith('66')) nsn = digits.slice(2);
  else if (digits.length === 10 && digits.startsWith('0')) nsn = digits.slice(1);
  else if (digits.length === 9 && (/^[689]/.test(digits) || prefixKind(digits) === MOBILE)) {
    // 9 digits starting 6, 8 or 9, or in another mobile range (14…): the leading 0 was dropped.
    nsn = digits;
    droppedZero = true;
  } else if (digits.length === 12 && digits.startsWith('660')) {
    // "+66 0812345678": the national 0 kept after the country code.
    nsn = digits.slice(3);
  } else if (/^(?:0|66)?[2-57]\d{7}$/.test(digits)) {
    // Landlines are 0 + 8 digits; checked by prefix so a mistyped 9-digit 08… mobile is not called a landline.
    return LANDLINE;
  } else if (digits.length < 10) {
    return tooShort(digits.length);
  } else {
    return notMobile(digits.length);
  }
  const kind = prefixKind(nsn);
  if (kind !== MOBILE) {
    if (kind === VOIP) return voip(`0${nsn.slice(0, 2)}`);
    return /^[2-57]/.test(nsn) || nsn.length === 8 ? LANDLINE : notMobileRange(`0${nsn.slice(0, 2)}`);
  }
  return { ok: true, msisdn: `66${nsn}`, droppedZero };
}

/** 66XXXXXXXXX → 0XXXXXXXXX */
export function toNational(msisdn: string): string {
  return msisdn.startsWith('66') ? `0${msisdn.slice(2)}` : msisdn;
}
