/**
 * OTPs shared by SEPSMS and ThaiBulkSMS: random codes of the requested length, template
 * substitution, immediate delivery to the inbox, single use, expiry and an attempt limit.
 */
import { finalStatusFor } from './delivery.js';
import type { Store, StoredOtp } from './state.js';

/** Wrong codes accepted before an OTP is dead. */
export const MAX_WRONG_ATTEMPTS = 5;

export interface NewOtp {
  provider: StoredOtp['provider'];
  nsn: number;
  sender: string;
  template: string;
  codeLength: number;
  ttlMs: number;
  /** Length of the reference/refno shown next to the code. */
  refLength: number;
}

export function fillTemplate(template: string, code: string, ref: string): string {
  return template.replaceAll('{code}', code).replaceAll('{ref}', ref);
}

export function createOtp(store: Store, input: NewOtp, now: number): StoredOtp {
  let ref: string;
  do ref = store.rng.ref(input.refLength);
  while (input.provider === 'sepsms' && store.findOtp('sepsms', ref));
  const id = store.rng.uuid();
  const code = store.rng.digits(input.codeLength);
  const otp: StoredOtp = {
    provider: input.provider,
    id,
    ref,
    handle: input.provider === 'sepsms' ? ref : id,
    nsn: input.nsn,
    sender: input.sender,
    text: fillTemplate(input.template, code, ref),
    code,
    createdAt: now,
    expiresAt: now + input.ttlMs,
    wrongAttempts: 0,
    usedAt: null,
    seq: store.nextSeq(),
    final: finalStatusFor(input.nsn),
  };
  store.addOtp(otp);
  return otp;
}

export type VerifyOutcome = 'verified' | 'wrong' | 'expired' | 'used' | 'locked';

/** Checks a code; a success uses the OTP up, each wrong code counts towards the limit. */
export function verifyOtp(store: Store, otp: StoredOtp, pin: string, now: number): VerifyOutcome {
  if (otp.usedAt !== null) return 'used';
  if (otp.wrongAttempts >= MAX_WRONG_ATTEMPTS) return 'locked';
  if (now >= otp.expiresAt) return 'expired';
  if (pin.trim() !== otp.code) {
    otp.wrongAttempts++;
    store.onChange();
    return otp.wrongAttempts >= MAX_WRONG_ATTEMPTS ? 'locked' : 'wrong';
  }
  otp.usedAt = now;
  store.otpVerified(otp);
  store.onChange();
  return 'verified';
}
