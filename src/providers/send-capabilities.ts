/**
 * What each provider's send takes beyond numbers and a text, kept apart from the adapters so
 * a command can name the providers that offer an option without building them.
 */
import type { ProviderId, SendCapabilities } from './types.js';

/**
 * ThaiBulkSMS publishes no length for a tag (only ERROR_TAGS_EXCEEDED_LENGTH): smsctl assumes
 * 50 characters, and the sandbox refuses longer ones the same way.
 */
export const THAIBULKSMS_TAG_MAX = 50;

export const SEND_CAPABILITIES: Readonly<Record<ProviderId, SendCapabilities>> = {
  thaibulksms: { callback: true, creditTypes: ['standard', 'corporate'], shortenUrls: true, tags: { maxLength: THAIBULKSMS_TAG_MAX } },
  sepsms: { recipientVariables: true },
  mesms: { contactGroups: true, savedTemplates: true },
};
