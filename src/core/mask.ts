/**
 * Secrets are shown only masked: enough to tell two keys apart, never enough to use one.
 * `sk_sep_3f9a8b7c6d5e4f3a2b1cd21c` → `sk_sep_3f9a…d21c`.
 *
 * A leading prefix of words (`sk_sep_`, `tbs_key_`, `me_sandbox_`: 2 to 10 lower-case letters,
 * each word ending in `_`) names the kind of key and is shown as it is. Of the rest, at most a third
 * is shown, and never more than 4 characters at each end; 8 characters or fewer are hidden
 * entirely.
 */
import { t } from '../i18n/index.js';

const PREFIX = /^(?:[a-z]{2,10}_){1,4}/;
const SHOWN_EACH_END_MAX = 4;
const FULLY_HIDDEN_UP_TO = 8;

export function maskSecret(secret: string | undefined): string {
  if (!secret) return t('input.not_set');
  const prefix = PREFIX.exec(secret)?.[0] ?? '';
  const body = [...secret.slice(prefix.length)];
  // Each end shows at most a sixth, so both together show at most a third.
  const each = body.length <= FULLY_HIDDEN_UP_TO ? 0 : Math.min(SHOWN_EACH_END_MAX, Math.floor(body.length / 6));
  if (each === 0) return `${prefix}${'•'.repeat(4)}`;
  return `${prefix}${body.slice(0, each).join('')}…${body.slice(-each).join('')}`;
}

/** Replaces every occurrence of each secret in text by its masked form. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join(maskSecret(s));
  }
  return out;
}
