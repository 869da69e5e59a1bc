import type { MessageKey } from '../en/index.js';
import type { Catalogue } from '../types.js';
import { common } from './common.js';
import { profile } from './profile.js';
import { cli } from './cli.js';
import { send } from './send.js';
import { input } from './input.js';
import { sandbox } from './sandbox.js';
import { otp } from './otp.js';
import { life } from './life.js';

export const th: Catalogue<MessageKey> = {
  ...common,
  ...profile,
  ...cli,
  ...send,
  ...input,
  ...sandbox,
  ...otp,
  ...life,
};
