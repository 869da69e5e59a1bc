import type { MessageKey } from '../en/index.js';
import type { Catalogue } from '../types.js';
import { common } from './common.js';
import { life } from './life.js';

export const th: Catalogue<MessageKey> = {
  ...common,
  ...life,
};
