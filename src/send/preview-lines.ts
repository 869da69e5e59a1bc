/**
 * preview-cost as JSON and as text. The recipients, parts, credits and balance are send's
 * own summary fields (planJson), so a preview and a send's summary cannot drift apart.
 */
import type { ChalkInstance } from 'chalk';
import { formatNumber, formatTable, plural } from '../cli/output.js';
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
    warnings: previewWarnings(p),
  };
}

/** Said on stderr (and listed in --json): what the user should not miss. */
export function previewWarnings(p: CostPreview): string[] {
  const name = PROVIDER_NAMES[p.summary.providerId];
  const out: string[] = [];
  const differ = disagreements(p);
  if (differ.length) out.push(`${name}'s own preview disagrees with smsctl's count (${differ.join('; ')}); ${name} charges by its own`);
  if (p.balance && p.balance.balance < p.local.credits) {
    out.push(`the balance (${plural(p.balance.balance, 'credit')}) is not enough: this send needs ${plural(p.local.credits, 'credit')}`);
  }
  // Every provider reports a balance: none here means the lookup failed, and silence would read as "enough".
  if (!p.balance) out.push(`${name} did not answer the balance lookup: whether the balance is enough is unknown`);
  if (p.recipients === 0) out.push('no valid recipient: a send would send nothing');
  if (p.plan?.droppedZero) out.push(`${plural(p.plan.droppedZero, 'number')} had 9 digits (a spreadsheet dropped the leading 0); counted as 0XXXXXXXXX`);
  return out;
}

const range = (r: { min: number; max: number }) => (r.min === r.max ? formatNumber(r.max) : `${formatNumber(r.min)}–${formatNumber(r.max)}`);

export function previewLines(p: CostPreview, c: ChalkInstance, maxInvalidShown: number): string[] {
  const n = formatNumber;
  const sc = p.summary;
  const name = PROVIDER_NAMES[sc.providerId];
  const who = sc.profile === '(environment)' ? 'keys from the environment' : `profile ${sc.profile}`;
  const lines = [c.bold(`Cost preview — ${name}${sc.sandbox ? ' sandbox' : ''} (${who}): nothing sent, no credit used`)];
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(17)} ${value}`);
  const plan = p.plan;
  if (plan) {
    row('Rows read', n(plan.rows));
    row('Recipients', c.green(n(plan.valid)));
    row('Invalid', plan.invalid.length ? c.yellow(n(plan.invalid.length)) : '0');
    row('Duplicates', plan.duplicates ? `${n(plan.duplicates)} (sent once)` : '0');
    if (sc.excludeLists?.length) row('Excluded', `${n(plan.excluded)} (opt-out lists: ${sc.excludeLists.join(', ')})`);
  } else row('Recipients', `${c.green(n(p.recipients))} (${p.source.name}, as ${name} counts it)`);
  const { parts, encodings, distinctTexts, credits } = p.local;
  if (distinctTexts > 0) {
    row('Message', `${encodings.join('/')}, ${range(parts)} part${parts.max === 1 ? '' : 's'}${distinctTexts > 1 ? `, ${n(distinctTexts)} personalised texts` : ''}`);
    row('Characters', range(p.characters));
  }
  row('Credits', n(credits));
  if (p.balance) {
    const short = p.balance.balance < credits;
    row('Balance', short ? c.red(`${n(p.balance.balance)} (not enough)`) : `${n(p.balance.balance)} (enough)`);
  }
  const f = p.provider;
  if (f.asked && f.reason === null) {
    const differ = disagreements(p).length > 0;
    const cells = [
      ['Recipients', n(p.recipients), n(f.totalMsisdn ?? 0)],
      ['Parts', range(parts), f.parts ? range(f.parts) : '?'],
      ['Encoding', encodings.join('/'), f.encodings.join('/')],
      ['Credits', n(credits), n(f.totalCredit ?? 0)],
    ];
    lines.push('', `  ${differ ? c.yellow(`${name}'s own preview disagrees:`) : `${name}'s own preview (${plural(f.requests, 'request')}) agrees:`}`);
    for (const l of formatTable(['', 'smsctl', name], cells).split('\n')) lines.push(`    ${l}`);
  } else {
    row(`${name} preview`, f.asked ? `incomplete: ${f.reason}` : `not asked: ${f.reason}`);
  }
  if (p.costliest.length) {
    lines.push('', '  Costliest rows:');
    const cells = p.costliest.map((r) => [sc.rowLabel(r.row), r.msisdn, plural(r.parts, 'part'), plural(r.characters, 'character')]);
    for (const l of formatTable(['ROW', 'NUMBER', 'PARTS', 'LENGTH'], cells).split('\n')) lines.push(`    ${l}`);
  }
  if (plan) lines.push(...planNotes(plan, sc, c, maxInvalidShown));
  return lines;
}
