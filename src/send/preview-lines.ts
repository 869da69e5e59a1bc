/**
 * preview-cost as JSON and as text. The recipients, parts, credits and balance are send's
 * own summary fields (planJson), so a preview and a send's summary cannot drift apart.
 */
import type { ChalkInstance } from 'chalk';
import { padDisplay } from '../cli/width.js';
import { formatNumber, formatTable } from '../cli/output.js';
import { Reason, SaidList } from '../core/reason.js';
import { t, type MessageKey, type Params } from '../i18n/index.js';
import { PROVIDER_NAMES } from '../providers/types.js';
import { disagreements, type CostPreview } from './preview.js';
import { planJson, planNotes } from './summary.js';

export function previewJson(p: CostPreview): Record<string, unknown> {
  const sc = p.summary;
  const shared = p.plan
    ? planJson(p.plan, sc)
    : {
        provider: sc.providerId,
        sandbox: sc.sandbox,
        profile: sc.profile,
        // A group's numbers are the provider's: it gives only their count.
        recipients: { total: p.recipients, valid: p.recipients, invalid: 0, duplicates: 0, excluded: 0, droppedLeadingZero: 0, invalidRows: [], invalidRowsOmitted: 0 },
        distinctTexts: p.local.distinctTexts,
        parts: { min: p.local.parts.min, max: p.local.parts.max, encodings: p.local.encodings },
        credits: p.local.credits,
        balance: p.balance?.balance ?? null,
      };
  const differ = disagreements(p);
  const answered = p.provider.asked && p.provider.reason === null;
  return {
    provider: shared.provider,
    sandbox: shared.sandbox,
    profile: shared.profile,
    source: p.source,
    recipients: shared.recipients,
    distinctTexts: shared.distinctTexts,
    characters: p.characters,
    parts: shared.parts,
    credits: shared.credits,
    balance: shared.balance,
    balanceSufficient: p.balance ? p.balance.balance >= p.local.credits : null,
    costliestRows: p.costliest,
    providerPreview: { ...p.provider, agrees: answered ? differ.length === 0 : null },
    // Reasons: English in the JSON whatever the language (core/reason.ts).
    warnings: previewWarnings(p),
  };
}

/**
 * Said on stderr (in the reader's language) and listed in --json (in English): what the user
 * should not miss.
 */
export function previewWarnings(p: CostPreview): Reason[] {
  const provider = PROVIDER_NAMES[p.summary.providerId];
  const out: Reason[] = [];
  const differ = disagreements(p);
  if (differ.length) out.push(new Reason('preview.warn_disagrees', { provider, differ: new SaidList(differ) }));
  if (p.balance && p.balance.balance < p.local.credits) {
    out.push(new Reason('preview.warn_balance_short', { balance: credits(p.balance.balance), needed: credits(p.local.credits) }));
  }
  // Every provider reports a balance: none here means the lookup failed, and silence would read as "enough".
  if (!p.balance) out.push(new Reason('preview.warn_no_balance', { provider }));
  if (p.recipients === 0) out.push(new Reason('preview.warn_no_recipient'));
  if (p.plan?.droppedZero) out.push(new Reason('preview.warn_dropped_zero', { count: p.plan.droppedZero }));
  return out;
}

const credits = (count: number) => new Reason('preview.credits', { count });

const range = (r: { min: number; max: number }) => (r.min === r.max ? formatNumber(r.max) : `${formatNumber(r.min)}–${formatNumber(r.max)}`);

export function previewLines(p: CostPreview, c: ChalkInstance, maxInvalidShown: number): string[] {
  const n = formatNumber;
  const sc = p.summary;
  const provider = PROVIDER_NAMES[sc.providerId];
  const who = sc.profile === '(environment)' ? t('preview.who_env') : t('preview.who_profile', { profile: sc.profile });
  const lines = [c.bold(t(sc.sandbox ? 'preview.title_sandbox' : 'preview.title', { provider, who }))];
  const row = (label: MessageKey, value: string, params?: Params) => lines.push(`  ${padDisplay(t(label, params), 17)} ${value}`);
  const plan = p.plan;
  if (plan) {
    row('preview.label_rows', n(plan.rows));
    row('preview.label_recipients', c.green(n(plan.valid)));
    row('preview.label_invalid', plan.invalid.length ? c.yellow(n(plan.invalid.length)) : '0');
    row('preview.label_duplicates', plan.duplicates ? t('preview.sent_once', { count: plan.duplicates }) : '0');
    if (sc.excludeLists?.length) row('preview.label_excluded', t('preview.excluded_lists', { count: plan.excluded, lists: sc.excludeLists.join(', ') }));
  } else {
    row('preview.label_recipients', t('preview.group_counted', { recipients: c.green(n(p.recipients)), group: sc.group ?? '', provider }));
  }
  const { parts, encodings, distinctTexts, credits: total } = p.local;
  if (distinctTexts > 0) {
    const personalised = distinctTexts > 1 ? t('preview.personalised_texts', { count: distinctTexts }) : '';
    row('preview.label_message', t('preview.message_value', { count: parts.max, encodings: encodings.join('/'), parts: range(parts) }) + personalised);
    row('preview.label_characters', range(p.characters));
  }
  row('preview.label_credits', n(total));
  if (p.balance) {
    const short = p.balance.balance < total;
    row('preview.label_balance', short ? c.red(t('preview.balance_short', { balance: n(p.balance.balance) })) : t('preview.balance_enough', { balance: n(p.balance.balance) }));
  }
  const f = p.provider;
  if (f.asked && f.reason === null) {
    const differ = disagreements(p).length > 0;
    const cells = [
      [t('preview.label_recipients'), n(p.recipients), n(f.totalMsisdn ?? 0)],
      [t('preview.label_parts'), range(parts), f.parts ? range(f.parts) : '?'],
      [t('preview.label_encoding'), encodings.join('/'), f.encodings.join('/')],
      [t('preview.label_credits'), n(total), n(f.totalCredit ?? 0)],
    ];
    lines.push('', `  ${differ ? c.yellow(t('preview.provider_disagrees', { provider })) : t('preview.provider_agrees', { provider, count: f.requests })}`);
    for (const l of formatTable(['', 'smsctl', provider], cells).split('\n')) lines.push(`    ${l}`);
  } else {
    row('preview.label_provider', t(f.asked ? 'preview.incomplete' : 'preview.not_asked', { reason: String(f.reason) }), { provider });
  }
  if (p.costliest.length) {
    lines.push('', `  ${t('preview.costliest')}`);
    const cells = p.costliest.map((r) => [sc.rowLabel(r.row), r.msisdn, t('preview.parts', { count: r.parts }), t('preview.characters', { count: r.characters })]);
    const header = [t('preview.col_row'), t('preview.col_number'), t('preview.col_parts'), t('preview.col_length')];
    for (const l of formatTable(header, cells).split('\n')) lines.push(`    ${l}`);
  }
  if (plan) lines.push(...planNotes(plan, sc, c, maxInvalidShown));
  return lines;
}

