/**
 * Secrets are shown only masked: enough to tell two keys apart, never enough to use one.
 * `sk_sep_3f9a8b7c6d5e4f3a2b1cd21c` → `sk_sep_3f9a…d21c`.
 */
export function maskSecret(secret: string | undefined): string {
  if (!secret) return '(not set)';
  const prefixEnd = secret.lastIndexOf('_') + 1;
  const prefix = prefixEnd > 0 && prefixEnd <= 8 ? secret.slice(0, prefixEnd) : '';
  const body = secret.slice(prefix.length);
  if (body.length < 12) return `${prefix}${'•'.repeat(4)}`;
  return `${prefix}${body.slice(0, 4)}…${body.slice(-4)}`;
}

/** Replaces every occurrence of each secret in text by its masked form. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join(maskSecret(s));
  }
  return out;
}
