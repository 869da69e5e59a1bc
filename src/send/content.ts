/**
 * Sends whose audience or content the provider keeps: a contact group (ME-SMS
 * `contactGroupId`) and a saved template (`templateId` + `variables`). Their figures come
 * from the provider (a `dryRun` send), since neither the group's numbers nor the template's
 * text are known here.
 */
import { usageError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Provider, SendContent, SendEstimate, SendRequest } from '../providers/types.js';
import type { BatchHead, PlanSink, PlanStats } from './plan.js';
import { requireSendCapability } from './options.js';
import { countParts } from '../core/parts.js';

export interface SavedContentFlags {
  group?: number;
  templateId?: string;
  /** --var KEY=VALUE (repeatable); VALUE may be {{column}} with --csv. */
  var?: string[];
  to?: string[];
  csv?: string;
  message?: string;
  messageFile?: string;
  report?: string;
}

// A variable set travels through the planner as a text, so rows with the same set share a
// request: pairs split by RS, key from value by US (neither is typed in a CSV field).
const RS = '\u001e';
const US = '\u001f';

/** Flags checked against each other and the provider, before anything is read. */
export function checkSavedContentFlags(flags: SavedContentFlags, provider: Provider): void {
  if (flags.group !== undefined) {
    requireSendCapability(provider.id, 'contactGroups', '--group', t('input.what_contact_groups'));
    if (flags.to?.length || flags.csv !== undefined) throw usageError(t('input.group_and_list'), 'CONFLICTING_FLAGS');
    if (flags.report !== undefined) throw usageError(t('input.group_no_report'), 'CONFLICTING_FLAGS');
  }
  if (flags.templateId !== undefined) {
    requireSendCapability(provider.id, 'savedTemplates', '--template-id', t('input.what_saved_templates'));
    if (flags.message !== undefined || flags.messageFile !== undefined) throw usageError(t('input.template_and_message'), 'CONFLICTING_FLAGS');
    if (!/^\d{1,9}$/.test(flags.templateId.trim())) throw usageError(t('input.bad_template_id', { value: flags.templateId }), 'BAD_FLAG');
  } else if (flags.var?.length) {
    throw usageError(t('input.var_needs_template'), 'CONFLICTING_FLAGS');
  }
}

/** The planner's "message" for a saved template: its variables, {{column}} placeholders kept. */
export function variablesPattern(vars: readonly string[] = []): string {
  const pairs: string[] = [];
  const seen = new Set<string>();
  for (const v of vars) {
    const eq = v.indexOf('=');
    const key = eq < 0 ? '' : v.slice(0, eq).trim();
    if (!/^[\w.-]+$/.test(key)) throw usageError(t('input.bad_var', { value: v }), 'BAD_FLAG');
    if (seen.has(key)) throw usageError(t('input.var_twice', { key }), 'BAD_FLAG');
    seen.add(key);
    pairs.push(`${key}${US}${v.slice(eq + 1)}`);
  }
  // Never empty: the planner refuses an empty message, and a template without variables is one set.
  return `${RS}${pairs.join(RS)}`;
}

export function variablesOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(RS)) {
    if (pair === '') continue;
    const at = pair.indexOf(US);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** The content of a request for a planned batch's text. */
export function contentFor(text: string, templateId: string | undefined): SendContent {
  return templateId === undefined ? { text } : { templateId, variables: variablesOf(text) };
}

/** Asks the provider what a request would reach and cost, without sending it. */
export async function estimate(provider: Provider, request: SendRequest): Promise<SendEstimate> {
  if (!provider.estimateSend) throw usageError(t('input.cannot_estimate', { provider: provider.displayName }), 'NOT_OFFERED');
  return provider.estimateSend(request);
}

/**
 * A contact group send is one request; its recipients and credits are what the provider's
 * dry run says.
 */
export async function planGroup(
  provider: Provider,
  group: number,
  text: string,
  templateId: string | undefined,
  sender: string | undefined,
  scheduledAt: Date | undefined,
  sink: PlanSink,
): Promise<PlanStats> {
  const e = await estimate(provider, { audience: { contactGroupId: group }, content: contentFor(text, templateId), sender, scheduledAt });
  const parts = e.parts ?? (e.totalMsisdn ? Math.round(e.totalCredit / e.totalMsisdn) : 0);
  // A text's encoding is known here; a saved template's is the provider's.
  const encoding = templateId === undefined ? countParts(text).encoding : undefined;
  const head: BatchHead = { index: 0, text, count: e.totalMsisdn, parts, encoding: encoding ?? 'GSM-7', credits: e.totalCredit };
  if (e.totalMsisdn > 0) await sink.batch(head, [], []);
  return {
    rows: e.totalMsisdn,
    maxRow: 0,
    valid: e.totalMsisdn,
    invalid: { length: 0, first: [] },
    emptyFields: [],
    missingFields: [],
    duplicates: 0,
    excluded: 0,
    droppedZero: 0,
    batches: e.totalMsisdn > 0 ? 1 : 0,
    distinctTexts: e.totalMsisdn > 0 ? 1 : 0,
    credits: e.totalCredit,
    minParts: parts,
    maxParts: parts,
    encodings: encoding ? [encoding] : [],
  };
}

/** A sink that remembers the first batch planned (its text and one number), for the estimate. */
export function watchFirst(sink: PlanSink): { sink: PlanSink; first?: { text: string; msisdn?: string } } {
  const out: { sink: PlanSink; first?: { text: string; msisdn?: string } } = {
    sink: {
      batch(head, numbers, rows) {
        out.first ??= { text: head.text, msisdn: numbers[0]?.split(',')[0] };
        return sink.batch(head, numbers, rows);
      },
      skipped: sink.skipped?.bind(sink),
      planned: sink.planned?.bind(sink),
    },
  };
  return out;
}

/**
 * A saved template's credits: the parts of its first variable set, as the provider counts
 * them, times the recipients (other sets may fill to more or fewer parts).
 */
export async function templateCredits(provider: Provider, plan: PlanStats, first: { text: string; msisdn?: string } | undefined, templateId: string, sender: string | undefined): Promise<PlanStats> {
  if (!first?.msisdn) return plan;
  const e = await estimate(provider, { audience: { msisdns: [first.msisdn] }, content: contentFor(first.text, templateId), sender });
  const parts = e.parts ?? e.totalCredit;
  return { ...plan, credits: parts * plan.valid, minParts: parts, maxParts: parts, encodings: [] };
}
