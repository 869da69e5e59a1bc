/**
 * The English catalogue: every area's messages, keyed "area.name". Each area keeps its own
 * file (en/<area>.ts) and its Thai twin (th/<area>.ts); tsc refuses a Thai area that lacks a
 * key, and test/i18n/catalogue.test.ts a placeholder that differs.
 */
import { common } from './common.js';
import { life } from './life.js';

export const en = {
  ...common,
  ...life,
} as const;

export type MessageKey = keyof typeof en;
