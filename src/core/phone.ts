/**
 * Thai mobile number normalisation. Canonical form everywhere inside smsctl is the
 * international form without '+': 66 followed by the 9-digit national number.
 */

export type PhoneResult =
  | { ok: true; msisdn: string; /** The input had 9 digits: a spreadsheet dropped the leading 0. */ droppedZero: boolean }
  | { ok: false; reason: string };

// libphonenumber's Thai mobile ranges (national significant number, 9 digits).
const MOBILE_NSN = /^(?:671[0-8]\d{5}|(?:6[1-6]|[89]\d)\d{7})$/;
const SEPARATORS = /[\s\-.()[\]\u00a0\u200b]/g;
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i;

export function normalizePhone(raw: string): PhoneResult {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: false, reason: 'empty phone number' };
  if (SCIENTIFIC.test(trimmed.replace(/\s/g, ''))) {
    return {
      ok: false,
      reason:
        'number is in scientific notation (the spreadsheet stored it as a number and lost digits); format the column as Text and export again',
    };
  }
  let digits = trimmed.replace(SEPARATORS, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  else if (digits.startsWith('00')) digits = digits.slice(2);
  if (!/^\d+$/.test(digits)) return { ok: false, reason: 'contains characters other than digits' };

  let nsn: string;
  let droppedZero = false;
  if (digits.length === 11 && digits.startsWith('66')) nsn = digits.slice(2);
  else if (digits.length === 10 && digits.startsWith('0')) nsn = digits.slice(1);
  else if (digits.length === 9 && /^[689]/.test(digits)) {
    nsn = digits;
    droppedZero = true;
  } else if (digits.length === 12 && digits.startsWith('660')) {
    // "+66 0812345678": the national 0 kept after the country code.
    nsn = digits.slice(3);
  } else if (/^(?:0|66)?[2-57]\d{7}$/.test(digits)) {
    // Landlines are 0 + 8 digits; checked by prefix so a mistyped 9-digit 08… mobile is not called a landline.
    return { ok: false, reason: 'landline number (cannot receive SMS)' };
  } else if (digits.length < 10) {
    return { ok: false, reason: `too short for a Thai mobile number (${digits.length} digits)` };
  } else {
    return { ok: false, reason: `not a Thai mobile number (${digits.length} digits)` };
  }
  if (!MOBILE_NSN.test(nsn)) {
    return /^[2-57]/.test(nsn) || nsn.length === 8
      ? { ok: false, reason: 'landline number (cannot receive SMS)' }
      : { ok: false, reason: `not a Thai mobile range (0${nsn.slice(0, 2)}…)` };
  }
  return { ok: true, msisdn: `66${nsn}`, droppedZero };
}

/** 66XXXXXXXXX → 0XXXXXXXXX */
export function toNational(msisdn: string): string {
  return msisdn.startsWith('66') ? `0${msisdn.slice(2)}` : msisdn;
}
