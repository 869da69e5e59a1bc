/**
 * normalise → dedupe → render → plan batches. Everything here is decided before a
 * single request is made, so a send that cannot start sends nothing.
 */
import { BatchPlanner, type Batch } from '../core/batch.js';
import { Deduper } from '../core/dedupe.js';
import { countParts, type Encoding } from '../core/parts.js';
import { normalizePhone } from '../core/phone.js';
import type { Template } from '../core/template.js';
import { invalidInput } from '../errors.js';
import type { RawRecipient } from './recipients.js';

export interface InvalidRow {
  row: number;
  value: string;
  reason: string;
}

export interface PlannedBatch extends Batch {
  parts: number;
  encoding: Encoding;
  credits: number;
}

export interface SendPlan {
  rows: number;
  valid: number;
  invalid: InvalidRow[];
  duplicates: number;
  /** 9-digit numbers whose leading 0 a spreadsheet dropped. */
  droppedZero: number;
  batches: PlannedBatch[];
  distinctTexts: number;
  /** Σ parts × recipients: what the providers charge. */
  credits: number;
  minParts: number;
  maxParts: number;
  encodings: Encoding[];
}

export interface PlanLimits {
  maxPerRequest: number;
  maxContentLength?: number;
  providerName: string;
  rowLabel: (row: number) => string;
}

export async function buildPlan(
  recipients: AsyncIterable<RawRecipient> | Iterable<RawRecipient>,
  template: Template,
  limits: PlanLimits,
): Promise<SendPlan> {
  const dedupe = new Deduper();
  const planner = new BatchPlanner(limits.maxPerRequest);
  const invalid: InvalidRow[] = [];
  let rows = 0;
  let duplicates = 0;
  let droppedZero = 0;
  for await (const r of recipients) {
    rows++;
    const phone = normalizePhone(r.phone);
    if (!phone.ok) {
      invalid.push({ row: r.row, value: r.phone, reason: phone.reason });
      continue;
    }
    if (!dedupe.add(phone.msisdn)) {
      duplicates++;
      continue;
    }
    if (phone.droppedZero) droppedZero++;
    const text = template.render(r.values);
    if (text.trim() === '') throw invalidInput(`${limits.rowLabel(r.row)}: the message is empty for this row`, 'EMPTY_MESSAGE');
    const length = limits.maxContentLength === undefined ? 0 : [...text].length;
    if (limits.maxContentLength !== undefined && length > limits.maxContentLength) {
      throw invalidInput(
        `${limits.rowLabel(r.row)}: the message is ${length} characters; ${limits.providerName} accepts at most ${limits.maxContentLength}`,
        'MESSAGE_TOO_LONG',
      );
    }
    planner.add({ msisdn: phone.msisdn, row: r.row, text });
  }
  const partsByText = new Map<string, ReturnType<typeof countParts>>();
  const batches = planner.finish().map((b): PlannedBatch => {
    let info = partsByText.get(b.text);
    if (!info) partsByText.set(b.text, (info = countParts(b.text)));
    return { ...b, parts: info.parts, encoding: info.encoding, credits: info.parts * b.msisdns.length };
  });
  let minParts = Infinity;
  let maxParts = 0;
  for (const { parts } of partsByText.values()) {
    minParts = Math.min(minParts, parts);
    maxParts = Math.max(maxParts, parts);
  }
  return {
    rows,
    valid: dedupe.size,
    invalid,
    duplicates,
    droppedZero,
    batches,
    distinctTexts: partsByText.size,
    credits: batches.reduce((sum, b) => sum + b.credits, 0),
    minParts: partsByText.size ? minParts : 0,
    maxParts,
    encodings: [...new Set([...partsByText.values()].map((i) => i.encoding))],
  };
}
