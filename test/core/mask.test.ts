import { describe, expect, it } from 'vitest';
import { maskSecret, redact } from '../../src/core/mask.js';

describe('maskSecret', () => {
  it.each([
    ['sk_sep_3f9a8b7c6d5e4f3a2b1cd21c', 'sk_sep_3f9a…d21c'],
    ['a1b2c3d4e5f6a7b8c9d0', 'a1b2…c9d0'],
    ['sk_sep_short', 'sk_sep_••••'],
    ['abc', '••••'],
    ['', '(not set)'],
    [undefined, '(not set)'],
  ])('%j → %s', (secret, masked) => expect(maskSecret(secret)).toBe(masked));

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
