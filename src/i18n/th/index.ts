import type { MessageKey } from '../en/index.js';
import type { Catalogue } from '../types.js';
import { common } from './common.js';
import { otp } from './otp.js';

export const th: Catalogue<MessageKey> = {
  ...common,
  ...otp,
};
