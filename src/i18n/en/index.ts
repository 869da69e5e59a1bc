/**
 * The English catalogue: every area's messages, keyed "area.name". Each area keeps its own
 * file (en/<area>.ts) and its Thai twin (th/<area>.ts); tsc refuses a Thai area that lacks a
 * key, and test/i18n/catalogue.test.ts a placeholder that differs.
 */
import { common } from './common.js';
import { profile } from './profile.js';
import { cli } from './cli.js';
import { send } from './send.js';
import { input } from './input.js';
import { sandbox } from './sandbox.js';
import { otp } from './otp.js';
import { life } from './life.js';

export const en = {
  ...common,
  ...profile,
  ...cli,
  ...send,
  ...input,
  ...sandbox,
  ...otp,
  ...life,
} as const;

export type MessageKey = keyof typeof en;
