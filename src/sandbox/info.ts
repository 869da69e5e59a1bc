/** Base URLs and keys a client needs to talk to a sandbox at a given URL. */
import { SANDBOX_KEYS } from './keys.js';
import { MESMS_PREFIX } from './mesms.js';
import { SEPSMS_PREFIX } from './sepsms.js';
import { THAIBULKSMS_OTP_PREFIX } from './thaibulksms-otp.js';
import { THAIBULKSMS_PREFIX } from './thaibulksms.js';

export interface SandboxInfo {
  providers: {
    sepsms: { baseUrl: string; apiKey: string };
    mesms: { baseUrl: string; apiKey: string };
    thaibulksms: { baseUrl: string; apiKey: string; apiSecret: string; otpBaseUrl: string; otpKey: string; otpSecret: string };
  };
}

export function sandboxInfo(url: string): SandboxInfo {
  const base = url.replace(/\/+$/, '');
  const t = SANDBOX_KEYS.thaibulksms;
  return {
    providers: {
      sepsms: { baseUrl: `${base}${SEPSMS_PREFIX}`, apiKey: SANDBOX_KEYS.sepsms.apiKey },
      mesms: { baseUrl: `${base}${MESMS_PREFIX}`, apiKey: SANDBOX_KEYS.mesms.apiKey },
      thaibulksms: {
        baseUrl: `${base}${THAIBULKSMS_PREFIX}`,
        apiKey: t.apiKey,
        apiSecret: t.apiSecret,
        otpBaseUrl: `${base}${THAIBULKSMS_OTP_PREFIX}`,
        otpKey: t.otpKey,
        otpSecret: t.otpSecret,
      },
    },
  };
}
