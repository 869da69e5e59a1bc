/**
 * The provider's own cost figure (ME-SMS `POST /sms/preview-cost`), asked with the numbers
 * and the exact text each would receive, as the plan hands them over.
 *
 * - Numbers go in requests of PREVIEW_CHUNK: the preview takes its numbers in one JSON body,
 *   and 2,000,000 of them would be a 27 MB body held in memory at once. 100,000 a request is
 *   1.3 MB, 20 requests for 2,000,000, and the sums are exact (credits add up per number).
 * - A personalised message is asked per distinct text (the provider sees only finished
 *   texts), so only while it has at most PREVIEW_TEXTS of them; beyond that the provider is
 *   not asked at all (a request per recipient would be a million requests), and says so.
 */
import { SmsctlError } from '../errors.js';
import { Reason } from '../core/reason.js';
import type { PreviewCostResult, Provider } from '../providers/types.js';

export const PREVIEW_CHUNK = 100_000;
export const PREVIEW_TEXTS = 20;

export interface ProviderFigure {
  asked: boolean;
  /** Why it was not asked, or why its answer is missing; null when it answered. English in --json (core/reason.ts). */
  reason: Reason | null;
  requests: number;
  totalMsisdn: number | null;
  totalCredit: number | null;
  parts: { min: number; max: number } | null;
  encodings: string[];
}

export function notAsked(reason: Reason): ProviderFigure {
  return { asked: false, reason, requests: 0, totalMsisdn: null, totalCredit: null, parts: null, encodings: [] };
}

export class ProviderPreview {
  private readonly open = new Map<string, string[]>();
  private stopped: Reason | undefined;
  /** An auth failure is the command's failure, not a missing figure. */
  private fatal: SmsctlError | undefined;
  private requests = 0;
  private totalMsisdn = 0;
  private totalCredit = 0;
  private minParts = Infinity;
  private maxParts = 0;
  private readonly encodings = new Set<string>();

  constructor(
    private readonly provider: Provider,
    private readonly providerName: string,
  ) {}

  /** One planned recipient; a promise only when a request is made (the plan waits for it). */
  add(text: string, msisdn: string): void | Promise<void> {
    if (this.stopped !== undefined) return;
    let numbers = this.open.get(text);
    if (!numbers) {
      if (this.open.size >= PREVIEW_TEXTS) {
        this.stop(new Reason('preview.too_many_texts', { max: PREVIEW_TEXTS, provider: this.providerName }));
        return;
      }
      this.open.set(text, (numbers = []));
    }
    numbers.push(msisdn);
    if (numbers.length >= PREVIEW_CHUNK) return this.ask(text, numbers.splice(0));
  }

  /** Asks for what is left and gives the provider's figure. */
  async finish(): Promise<ProviderFigure> {
    for (const [text, numbers] of this.open) if (numbers.length && this.stopped === undefined) await this.ask(text, numbers.splice(0));
    if (this.fatal) throw this.fatal;
    if (this.stopped !== undefined) return { ...notAsked(this.stopped), asked: this.requests > 0, requests: this.requests };
    if (this.requests === 0) return notAsked(new Reason('preview.nobody_to_ask'));
    return {
      asked: true,
      reason: null,
      requests: this.requests,
      totalMsisdn: this.totalMsisdn,
      totalCredit: this.totalCredit,
      parts: { min: this.minParts, max: this.maxParts },
      encodings: [...this.encodings],
    };
  }

  /** The whole list as a contact group the provider resolves itself (ME-SMS `contactGroupId`). */
  async group(text: string, contactGroupId: number): Promise<ProviderFigure> {
    this.record(await this.provider.previewCost!({ content: text, contactGroupId }));
    return this.finish();
  }

  private stop(reason: Reason): void {
    this.stopped = reason;
    this.open.clear();
  }

  private async ask(text: string, msisdns: string[]): Promise<void> {
    try {
      this.record(await this.provider.previewCost!({ content: text, msisdns }));
    } catch (error) {
      if (error instanceof SmsctlError && error.kind === 'auth') this.fatal = error;
      // The error's own message is already in the reader's language (it is an error message).
      this.stop(new Reason('preview.failed', { error: error instanceof Error ? error.message : String(error) }));
    }
  }

  private record(r: PreviewCostResult): void {
    this.requests++;
    this.totalMsisdn += r.totalMsisdn;
    this.totalCredit += r.totalCredit;
    this.minParts = Math.min(this.minParts, r.parts);
    this.maxParts = Math.max(this.maxParts, r.parts);
    this.encodings.add(r.encoding);
  }
}
