/**
 * `send --personalise provider` (SEPSMS): one request per batch carries the template and each
 * recipient's variables, instead of one request per distinct text. The planner still reads,
 * checks and dedupes every row; it plans the rows' variable sets (content.ts' encoding) and
 * this sink packs them into batches of up to the request size, counting each recipient's
 * parts from the text the provider will make.
 */
import { countParts, type Encoding } from '../core/parts.js';
import type { Template } from '../core/template.js';
import { usageError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { ProviderId } from '../providers/types.js';
import { variablesOf, variablesPattern } from './content.js';
import type { BatchHead, PlanSink, PlanStats } from './plan.js';
import { requireSendCapability } from './options.js';

export type Personalise = 'local' | 'provider';

export function parsePersonalise(value: string | undefined, provider: ProviderId): Personalise {
  if (value === undefined || value === 'local') return 'local';
  if (value !== 'provider') throw usageError(t('input.bad_personalise', { value }), 'BAD_FLAG');
  requireSendCapability(provider, 'recipientVariables', '--personalise provider', t('input.what_recipient_variables')); // i18n-ignore: a flag as typed
  return 'provider';
}

/** The planner's message: the template's placeholders as variables, so rows are planned by their values. */
export function placeholderPattern(template: Template): string {
  return variablesPattern(template.placeholders.map((p) => `${p}={{${p}}}`));
}

/**
 * A batch's text in provider mode: each run of recipients (in the batch's number order)
 * with the variables they share.
 */
export interface PersonalisedText {
  runs: [variables: Record<string, string>, count: number][];
}

export function personalisedText(text: string): PersonalisedText {
  return JSON.parse(text) as PersonalisedText;
}

/** Every recipient's variables, in the order of the batch's numbers. */
export function recipientVariables(text: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const [vars, count] of personalisedText(text).runs) for (let i = 0; i < count; i++) out.push(vars);
  return out;
}

export interface PackingSink {
  sink: PlanSink;
  /** Writes the last batch; then `stats` replaces the planner's figures. */
  finish(): Promise<void>;
  apply(plan: PlanStats): PlanStats;
}

export function packRecipients(template: Template, maxPerRequest: number, inner: PlanSink): PackingSink {
  let runs: [Record<string, string>, number][] = [];
  let numbers: string[] = [];
  let rows: string[] = [];
  let count = 0;
  let credits = 0;
  let batchCredits = 0;
  let batches = 0;
  let minParts = Infinity;
  let maxParts = 0;
  const encodings = new Set<Encoding>();
  let batchEncoding: Encoding = 'GSM-7';
  let batchParts = 0;

  const flush = async () => {
    if (count === 0) return;
    const head: BatchHead = {
      index: batches++,
      text: JSON.stringify({ runs } satisfies PersonalisedText),
      count,
      parts: batchParts,
      encoding: batchEncoding,
      credits: batchCredits,
    };
    const [n, r] = [numbers, rows];
    runs = [];
    numbers = [];
    rows = [];
    count = 0;
    batchCredits = 0;
    batchEncoding = 'GSM-7';
    batchParts = 0;
    await inner.batch(head, n, r);
  };

  return {
    sink: {
      // A set's numbers are split where its request fills, so it gathers them all or none.
      get numbersWanted() {
        return inner.numbersWanted === 0 ? 0 : undefined;
      },
      skipped: inner.skipped?.bind(inner),
      async batch(head, pieceNumbers, pieceRows) {
        const vars = variablesOf(head.text);
        const info = countParts(template.render(vars));
        minParts = Math.min(minParts, info.parts);
        maxParts = Math.max(maxParts, info.parts);
        encodings.add(info.encoding);
        if (info.encoding === 'UCS-2') batchEncoding = 'UCS-2';
        batchParts = Math.max(batchParts, info.parts);
        // A variable set's recipients may straddle two requests: split its numbers where the batch fills.
        const all = inner.numbersWanted === 0 ? undefined : pieceNumbers.join(',').split(',');
        const allRows = inner.numbersWanted === 0 ? undefined : pieceRows.join(',').split(',');
        let left = head.count;
        let at = 0;
        while (left > 0) {
          const take = Math.min(left, maxPerRequest - count);
          runs.push([vars, take]);
          if (all) {
            numbers.push(all.slice(at, at + take).join(','));
            rows.push(allRows!.slice(at, at + take).join(','));
          }
          count += take;
          batchCredits += take * info.parts;
          credits += take * info.parts;
          at += take;
          left -= take;
          if (count === maxPerRequest) {
            await flush();
            // The rest of this set opens the next request.
            if (left > 0) {
              if (info.encoding === 'UCS-2') batchEncoding = 'UCS-2';
              batchParts = info.parts;
            }
          }
        }
      },
    },
    finish: flush,
    apply: (plan) => ({
      ...plan,
      batches,
      credits,
      minParts: plan.valid ? minParts : 0,
      maxParts,
      encodings: [...encodings],
    }),
  };
}
