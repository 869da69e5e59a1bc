import { describe, expect, it } from 'vitest';
import { maskSecret, redact } from '../../src/core/mask.js';

describe('maskSecret', () => {
  // One line per case: the secret, what is shown.
  it.each([
    // The README example: the word prefix, 4 characters, …, the last 4.
    ['sk_sep_3f9a8b7c6d5e4f3a2b1cd21c', 'sk_sep_3f9a…d21c'],
    // A prefix of more words, as the sandbox keys have.
    ['sk_sep_sandbox_0123456789abcdef', 'sk_sep_sandbox_01…ef'],
    ['tbs_sandbox_secret_0123456789abcdefghijklmn', 'tbs_sandbox_secret_0123…klmn'],
    // 12 random characters: at most a third (4) shown, not 8.
    ['tbs_key_abcd56781234', 'tbs_key_ab…34'],
    // No prefix: a third of 20 is 6, so 3 at each end.
    ['a1b2c3d4e5f6a7b8c9d0', 'a1b…9d0'],
    ['0123456789abcdef0123456789abcdef', '0123…cdef'],
    // 9 to 11 characters: one at each end.
    ['123456789', '1…9'],
    ['12345678901', '1…1'],
    // 8 characters or fewer after the prefix: nothing of them shown.
    ['12345678', '••••'],
    ['abc', '••••'],
    ['sk_sep_short', 'sk_sep_••••'],
    ['me_sandbox_readonly_00000000', 'me_sandbox_readonly_••••'],
    // An underscore inside the random part is not a prefix.
    ['Kx9_aaaaaaaaaaaaaaaaaaaa', 'Kx9_…aaaa'],
    ['', '(not set)'],
    [undefined, '(not set)'],
  ])('%j → %s', (secret, masked) => expect(maskSecret(secret)).toBe(masked));

  it('never shows more than a third of the characters after the prefix', () => {
    for (let n = 1; n <= 64; n++) {
      const secret = 'x'.repeat(n);
      const shown = maskSecret(secret).replace(/[…•]/g, '').length;
      expect(shown, `length ${n}`).toBeLessThanOrEqual(Math.floor(n / 3));
      if (n <= 8) expect(shown, `length ${n}`).toBe(0);
    }
  });

  it('never shows a short secret in full', () => {
    expect(maskSecret('12345678901')).not.toContain('12345678901');
  });
});

describe('redact', () => {
  it('replaces every occurrence of each secret', () => {
    const key = 'sk_sep_3f9a8b7c6d5e4f3a2b1cd21c';
    const out = redact(`X-API-Key: ${key} again ${key}`, [key, undefined]);
    expect(out).toBe('X-API-Key: sk_sep_3f9a…d21c again sk_sep_3f9a…d21c');
    expect(out).not.toContain(key);
  });
});
