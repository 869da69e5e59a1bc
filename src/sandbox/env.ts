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
}
