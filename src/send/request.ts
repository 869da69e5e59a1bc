/**
 * The send request of a planned batch, the same for a real send (the executor) and for what
 * a dry run shows: one place decides audience, content and options from the run's settings.
 */
import type { NumberList } from '../core/numbers.js';
import type { ProviderSendOptions, SendRequest } from '../providers/types.js';
import { contentFor } from './content.js';
import { recipientVariables } from './personalise.js';

export interface RequestSettings {
  sender?: string;
  scheduledAt?: Date;
  options?: ProviderSendOptions;
  /** Every request goes to this contact group instead of the batch's numbers. */
  contactGroupId?: number;
  /** Each batch's text is the variables of this saved template (content.ts). */
  templateId?: string;
  /** --personalise provider: the template; each batch's text holds its recipients' variables. */
  personalisedTemplate?: string;
}

export function sendRequestFor(text: string, msisdns: NumberList, s: RequestSettings): SendRequest {
  return {
    audience: s.contactGroupId !== undefined ? { contactGroupId: s.contactGroupId } : { msisdns },
    content: s.personalisedTemplate !== undefined ? { text: s.personalisedTemplate, recipientVariables: recipientVariables(text) } : contentFor(text, s.templateId),
    sender: s.sender,
    scheduledAt: s.scheduledAt,
    ...(s.options && { options: s.options }),
  };
}
