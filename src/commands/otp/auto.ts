/**
 * `otp test --auto`: the code read back from the sandbox's inbox, as the phone received it,
 * so a script or CI can walk the whole OTP path with nobody at the phone.
 */
import { SmsctlError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import type { SentOtp } from './request.js';

const WAIT_MS = 10_000;
const POLL_MS = 200;

/** The code in an OTP's text: the first run of 4-8 digits (exactly `length` when known) that is not the reference. */
export function codeInText(text: string, reference: string | undefined, length?: number): string | undefined {
  const rest = reference ? text.split(reference).join(' ') : text;
  const digits = length ? `\\d{${length}}` : '\\d{4,8}';
  return new RegExp(`(?<!\\d)(${digits})(?!\\d)`).exec(rest)?.[1];
}

export async function codeFromInbox(sandboxUrl: string, sent: SentOtp, since: Date, length: number | undefined, signal: AbortSignal): Promise<string> {
  const { fetchInbox } = await import('../sandbox/client.js');
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const messages = await fetchInbox({ url: sandboxUrl }, { msisdn: sent.msisdn, since: since.toISOString() });
    // The newest message that shows this OTP's reference; a template without {ref} shows none.
    const mine = [...messages].reverse().find((m) => sent.refno !== undefined && m.text.includes(sent.refno)) ?? messages.at(-1);
    const code = mine && codeInText(mine.text, sent.refno, length);
    if (code) return code;
    if (Date.now() >= deadline || signal.aborted) {
      throw new SmsctlError('timeout', t('otp.auto.no_code', { msisdn: sent.msisdn, seconds: WAIT_MS / 1000 }), {
        code: 'OTP_CODE_NOT_DELIVERED',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
