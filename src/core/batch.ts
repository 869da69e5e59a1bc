/**
 * Groups recipients whose final text is identical so they share requests, each request
 * carrying at most `maxPerRequest` numbers. Fed one recipient at a time so it can sit behind
 * a streaming reader.
 */
import { invalidInput } from '../errors.js';

export interface PlannedRecipient {
  msisdn: string;
  row: number;
  text: string;
}

export interface Batch {
  index: number;
  text: string;
  msisdns: string[];
  rows: number[];
}

type Open = Omit<Batch, 'index'>;

export class BatchPlanner {
  private readonly max: number;
  // Map keeps insertion order, which is the order of each text's first appearance.
  private readonly groups = new Map<string, Open[]>();
  private finished = false;

  constructor(maxPerRequest: number) {
    if (!Number.isInteger(maxPerRequest) || maxPerRequest < 1) {
      throw invalidInput(`recipients per request must be a whole number of at least 1 (got ${maxPerRequest})`, 'INVALID_BATCH_SIZE');
    }
    this.max = maxPerRequest;
  }

  add(r: PlannedRecipient): void {
    if (this.finished) throw new Error('BatchPlanner.add() after finish()');
    let batches = this.groups.get(r.text);
    if (!batches) this.groups.set(r.text, (batches = []));
    let current = batches[batches.length - 1];
    if (!current || current.msisdns.length >= this.max) {
      current = { text: r.text, msisdns: [], rows: [] };
      batches.push(current);
    }
    current.msisdns.push(r.msisdn);
    current.rows.push(r.row);
  }

  finish(): Batch[] {
    this.finished = true;
    const out: Batch[] = [];
    for (const batches of this.groups.values()) {
      for (const b of batches) out.push({ index: out.length, ...b });
    }
    return out;
  }
}

export function planBatches(recipients: Iterable<PlannedRecipient>, maxPerRequest: number): Batch[] {
  const planner = new BatchPlanner(maxPerRequest);
  for (const r of recipients) planner.add(r);
  return planner.finish();
}
