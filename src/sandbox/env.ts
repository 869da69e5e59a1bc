/** What every emulated API shares at run time. */
import type { RateLimiter } from './ratelimit.js';
import type { Store } from './state.js';

export interface RateLimitSettings {
  sepsmsSendPerMinute: number;
  sepsmsOtpPerMinutePerIp: number;
  sepsmsAllPerMinute: number;
}

export interface SandboxEnv {
  store: Store;
  deliveryDelayMs: number;
  limiter: RateLimiter;
  rateLimits: RateLimitSettings;
  /**
   * OTP lifetime when a request names none: SEPSMS's default, ThaiBulkSMS's dashboard
   * setting. Only the sandbox's owner sets it (never a request), so it may be shorter than
   * SEPSMS lets a request ask for: a test sees a code expire in seconds.
   */
  otpTtlMs: number;
}
