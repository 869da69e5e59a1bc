/**
 * preview-cost: what a send would cost, with nothing sent. The figures come from the very
 * plan `send` builds for its summary (prepareSend → buildPlan → planJson), into a sink that
 * also keeps what a preview adds: characters, the costliest rows (a small top list, so
 * 2,000,000 rows stay in flat memory) and, where the provider has a cost preview, its own
 * figure for the same numbers and texts.
 */
import type { Context } from '../cli/context.js';
import type { Session } from '../cli/session.js';
import { requireFeature } from '../cli/session.js';
import { invalidInput, usageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { Reason } from '../core/reason.js';
import type { Encoding } from '../core/parts.js';
import { PROVIDER_NAMES, offers, type BalanceResult } from '../providers/types.js';
import type { ExcludeFlags, MessageFlags, RecipientFlags } from './inputs.js';
import { paceFor } from './pacing.js';
import { codePoints, type PlanSink, type PlanStats } from './plan.js';
import { notAsked, ProviderPreview, type ProviderFigure } from './preview-provider.js';
import type { SummaryContext } from './summary.js';

export interface PreviewFlags extends MessageFlags, RecipientFlags, ExcludeFlags {
  allowEmpty?: boolean;
  /** --group: a contact group on the account (ME-SMS), resolved by the provider. */
  group?: number;
}

export interface CostlyRow {
  row: number;
  msisdn: string;
  parts: number;
  characters: number;
  encoding: Encoding;
  text: string;
}

/** How many of the costliest rows a preview names. */
export const COSTLY_ROWS = 5;

export interface CostPreview {
  /** The plan send's summary is made of; undefined for --group (the provider holds the numbers). */
  plan?: PlanStats;
  summary: SummaryContext;
  source: { kind: string; name: string };
  /** What the provider will be asked to send; for --group, the recipients the provider counts. */
  recipients: number;
  characters: { min: number; max: number };
  costliest: CostlyRow[];
  /** Local figures, for --group made from the provider's recipient count. */
  local: { parts: { min: number; max: number }; encodings: Encoding[]; credits: number; distinctTexts: number };
  provider: ProviderFigure;
  balance?: BalanceResult;
}

/** Keeps per-row facts of the plan: characters, the costliest rows, the provider's numbers. */
class PreviewSink implements PlanSink {
  readonly numbersWanted = 0;
  readonly top: CostlyRow[] = [];
  minChars = Infinity;
  maxChars = 0;
  private lastText: string | undefined;
  private lastChars = 0;

  constructor(private readonly asker: ProviderPreview | undefined) {}

  batch(): void {}

  planned(row: number, msisdn: string, text: string, parts: number, encoding: Encoding): void | Promise<void> {
    // A message without placeholders is one string for every row: counted once.
    if (text !== this.lastText) {
      this.lastText = text;
      this.lastChars = codePoints(text);
      if (this.lastChars < this.minChars) this.minChars = this.lastChars;
      if (this.lastChars > this.maxChars) this.maxChars = this.lastChars;
    }
    const chars = this.lastChars;
    const top = this.top;
    const last = top[top.length - 1];
    if (top.length < COSTLY_ROWS || parts > last!.parts || (parts === last!.parts && chars > last!.characters)) {
      // Most parts first, then most characters (nearest the next part), then the earliest row.
      let i = top.length;
      while (i > 0 && (top[i - 1]!.parts < parts || (top[i - 1]!.parts === parts && top[i - 1]!.characters < chars))) i--;
      top.splice(i, 0, { row, msisdn, parts, characters: chars, encoding, text });
      if (top.length > COSTLY_ROWS) top.pop();
    }
    return this.asker?.add(text, msisdn);
  }
}

export async function previewCost(ctx: Context, flags: PreviewFlags, session: Session): Promise<CostPreview> {
  const { provider, profile } = session;
  const providerName = PROVIDER_NAMES[provider.id];
  const offersPreview = offers(provider, 'preview-cost');
  const noPreview = new Reason('preview.no_provider_preview', { provider: providerName });
  const pace = paceFor(provider.id, profile, {});
  if (flags.group !== undefined) {
    if (flags.to?.length || flags.csv !== undefined) throw usageError(t('preview.one_source'), 'CONFLICTING_FLAGS');
    // Only a provider's own preview can count a group it keeps.
    requireFeature(provider, 'preview-cost', 'preview-cost --group', t('preview.group_hint'));
    return groupPreview(flags, session, flags.group, pace);
  }
  const asker = offersPreview ? new ProviderPreview(provider, providerName) : undefined;
  const sink = new PreviewSink(asker);
  const { prepareSend } = await import('./prepare.js');
  const prepared = await prepareSend(ctx, flags, session, pace, undefined, { sink });
  const { plan } = prepared;
  const figure = asker ? await asker.finish() : notAsked(noPreview);
  return {
    plan,
    summary: prepared.summary,
    source: { kind: prepared.input.kind, name: prepared.input.name },
    recipients: plan.valid,
    characters: { min: plan.valid ? sink.minChars : 0, max: sink.maxChars },
    costliest: plan.distinctTexts > 1 ? sink.top : [],
    local: { parts: { min: plan.minParts, max: plan.maxParts }, encodings: plan.encodings, credits: plan.credits, distinctTexts: plan.distinctTexts },
    provider: figure,
    balance: prepared.summary.balance,
  };
}

/** --group: the provider resolves the numbers, so it counts them; the text is costed here. */
async function groupPreview(flags: PreviewFlags, session: Session, group: number, pace: SummaryContext['pace']): Promise<CostPreview> {
  const { provider, profile } = session;
  const providerName = PROVIDER_NAMES[provider.id];
  const { readMessage } = await import('./inputs.js');
  const { parseTemplate, assertNoPlaceholders, noColumnsIn } = await import('../core/template.js');
  const { countParts } = await import('../core/parts.js');
  const { fetchBalance } = await import('./prepare.js');
  const text = await readMessage(flags);
  assertNoPlaceholders(parseTemplate(text), noColumnsIn('--group'));
  const characters = codePoints(text);
  const max = provider.capabilities.maxContentLength;
  if (max !== undefined && characters > max) throw invalidInput(t('preview.message_too_long', { length: characters, provider: providerName, max }), 'MESSAGE_TOO_LONG');
  const { parts, encoding } = countParts(text);
  const [figure, balance] = await Promise.all([new ProviderPreview(provider, providerName).group(text, group), fetchBalance(provider)]);
  const recipients = figure.totalMsisdn ?? 0;
  const summary: SummaryContext = {
    providerId: provider.id,
    sandbox: Boolean(profile.sandbox),
    profile: profile.name,
    maxPerRequest: provider.capabilities.maxRecipientsPerRequest,
    balance,
    rowLabel: (row) => t('preview.row', { row }),
    pace,
    // For the lines only: previewJson gives a group's figures without planJson.
    group,
  };
  return {
    summary,
    source: { kind: 'group', name: `group ${group}` },
    recipients,
    characters: { min: characters, max: characters },
    costliest: [],
    local: { parts: { min: parts, max: parts }, encodings: [encoding], credits: parts * recipients, distinctTexts: 1 },
    provider: figure,
    balance,
  };
}

/**
 * Where smsctl's figures and the provider's differ, one phrase each; empty when they agree.
 * Phrases, not strings: a warning carries them, English in --json, the reader's language on stderr.
 */
export function disagreements(p: CostPreview): Reason[] {
  const f = p.provider;
  if (!f.asked || f.reason !== null) return [];
  const out: Reason[] = [];
  const provider = PROVIDER_NAMES[p.summary.providerId];
  const differ = (key: 'preview.differ_credits' | 'preview.differ_recipients' | 'preview.differ_parts' | 'preview.differ_encoding', mine: string | number, theirs: string | number | null) =>
    out.push(new Reason(key, { mine, provider, theirs: theirs ?? 'null' }));
  const range = (r: { min: number; max: number }) => (r.min === r.max ? `${r.max}` : `${r.min}–${r.max}`);
  if (f.totalCredit !== p.local.credits) differ('preview.differ_credits', p.local.credits, f.totalCredit);
  if (f.totalMsisdn !== p.recipients) differ('preview.differ_recipients', p.recipients, f.totalMsisdn);
  if (f.parts && (f.parts.min !== p.local.parts.min || f.parts.max !== p.local.parts.max)) differ('preview.differ_parts', range(p.local.parts), range(f.parts));
  const norm = (e: string) => e.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const mine = new Set(p.local.encodings.map(norm));
  if (f.encodings.length && (f.encodings.length !== mine.size || f.encodings.some((e) => !mine.has(norm(e))))) {
    differ('preview.differ_encoding', p.local.encodings.join('/'), f.encodings.join('/'));
  }
  return out;
}
