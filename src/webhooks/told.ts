/**
 * A reason told twice: in English to whoever sent the request (an HTTP answer is a machine
 * contract, the same in every language), and in the user's language on the terminal.
 */
import { t, tEn } from '../i18n/index.js';

/** Words rendered by either `t` or `tEn`, so a reason built from parts stays in one language. */
export type Words = (say: typeof t) => string;

export interface Told {
  /** English: the HTTP answer's `error.message`. */
  reason: string;
  /** The user's language: the terminal line. */
  message: string;
}

export function told(words: Words): Told {
  return { reason: words(tEn), message: words(t) };
}
