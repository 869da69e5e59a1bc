/**
 * SEPSMS and ME-SMS run on the same platform family: the same message, recipients,
 * cancel and balance endpoints under different names, field names and error shapes.
 * This module builds those routes from a per-provider description.
 */
import { KEY_SCOPES } from './keys.js';
import { STATUS_NAMES, statusCode } from './delivery.js';
import type { SandboxEnv } from './env.js';
import { enumQuery, fail, header, intQuery, isList, iso, jsonBody, ok, parseIsoDateTime, quote, timeQuery } from './http.js';
import type { Body, Ctx, ErrorShape, Reply, Route } from './http.js';
import { cancelMessage, costOf, createMessage, drSummary, listMessages, recipientsPage } from './messages.js';
import { describeInvalid, parseNumbers } from './numbers.js';
import type { StoredMessage } from './state.js';

/** Validation failures, mapped to each provider's own codes. */
export type FamilyError =
  | 'sender'
  | 'content'
  | 'contentTooLong'
  | 'recipients'
  | 'msisdn'
  | 'tooMany'
  | 'schedule'
  | 'notFound'
  | 'insufficient';

export interface FamilyConfig {
  provider: 'sepsms' | 'mesms';
  /** /message (SEPSMS) or /sms (ME-SMS). */
  base: string;
  refPrefix: string;
  fields: { sender: string; content: string; recipients: string };
  keys: readonly string[];
  /** Scope each operation needs; undefined = any valid key. */
  scopes: { send?: string; cancel?: string; read?: string; credit?: string };
  unauthorized: { code: string; message: string };
  forbiddenCode: string;
  codes: Record<FamilyError, string>;
  error: ErrorShape;
  insufficientMessage(needed: number, balance: number): string;
  /** Message status names accepted by the list filter. */
  statuses: readonly string[];
  statusOf(m: StoredMessage, now: number): string;
  extraView?(m: StoredMessage, now: number): Record<string, unknown>;
  maxContentChars?: number;
  maxRecipients?: number;
  /** ME-SMS `dryRun`. */
  dryRun?: boolean;
  /** Provider-only checks before the common ones (ME-SMS templateId/contactGroupId). */
  precheck?(ctx: Ctx, body: Body): void;
  /** The text to send when the body names it another way than the content field (a saved template). */
  contentOf?(ctx: Ctx, body: Body): string | undefined;
  /** Each recipient's own text, when the body carries per-recipient variables (SEPSMS `variables`). */
  recipientTexts?(ctx: Ctx, body: Body, nsn: Uint32Array, content: string): string[] | undefined;
  /** The numbers of a contact group the body names instead of a list (ME-SMS `contactGroupId`). */
  groupRecipients?(ctx: Ctx, body: Body): Uint32Array | undefined;
}

export const SENDER_MAX = 11;

export function problem(ctx: Ctx, cfg: FamilyConfig, kind: FamilyError, message: string, extra?: Record<string, unknown>) {
  const status = kind === 'notFound' ? 404 : kind === 'insufficient' ? 402 : 400;
  return fail(ctx, status, cfg.codes[kind], message, extra);
}

/** The request's API key when valid, else the 401 reply. */
export function authenticate(ctx: Ctx, cfg: FamilyConfig): string | Reply {
  const key = header(ctx, 'x-api-key')?.trim();
  if (key && cfg.keys.includes(key)) return key;
  return { status: 401, body: cfg.error(401, cfg.unauthorized.code, cfg.unauthorized.message) };
}

export function authorize(cfg: FamilyConfig, key: string, scope: string | undefined): Reply | undefined {
  const scopes = KEY_SCOPES[key] ?? [];
  if (scope === undefined || scopes.includes('*') || scopes.includes(scope)) return undefined;
  return { status: 403, body: cfg.error(403, cfg.forbiddenCode, `API key lacks the ${scope} scope`) };
}

export function senderProblem(field: string, v: unknown): string | undefined {
  if (typeof v !== 'string' || v.trim() === '') return `${field} is required`;
  if (v.length > SENDER_MAX) return `${field} must be at most ${SENDER_MAX} characters (got ${v.length})`;
  if (!/^[\x20-\x7e]+$/.test(v)) return `${field} may contain only English letters, digits and symbols`;
  return undefined;
}

/** undefined/null/'' = send now; a past time also sends now. */
export function scheduleOf(ctx: Ctx, cfg: FamilyConfig, raw: unknown): number | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const t = parseIsoDateTime(raw);
  if ('ms' in t) return t.ms;
  throw problem(
    ctx,
    cfg,
    'schedule',
    t.error === 'zone'
      ? 'scheduledTime must include a timezone offset, e.g. 2026-06-01T10:00:00+07:00'
      : 'scheduledTime must be an ISO 8601 date-time, e.g. 2026-06-01T10:00:00+07:00',
  );
}

function find(ctx: Ctx, env: SandboxEnv, cfg: FamilyConfig): StoredMessage {
  const m = env.store.findMessage(cfg.provider, ctx.params.uuid ?? '');
  if (!m) throw problem(ctx, cfg, 'notFound', `Message ${quote(ctx.params.uuid ?? '', 40)} not found`);
  return m;
}

export function messageView(cfg: FamilyConfig, m: StoredMessage, now: number): Record<string, unknown> {
  return {
    uuid: m.uuid,
    refNo: m.refNo,
    [cfg.fields.sender]: m.sender,
    [cfg.fields.content]: m.content,
    status: cfg.statusOf(m, now),
    totalMsisdn: m.nsn.length,
    parts: m.parts,
    totalCredit: m.totalCredit,
    blockedCount: m.blockedCount,
    scheduledTime: m.scheduledAt === null ? null : iso(m.scheduledAt),
    createdAt: iso(m.createdAt),
    cancelledAt: m.cancelledAt === null ? null : iso(m.cancelledAt),
    refundedCredit: m.refundedCredit,
    drSummary: drSummary(m, now),
    ...cfg.extraView?.(m, now),
  };
}

/** Content and recipients validated, cost computed: what send and dry runs share. */
function validateSend(ctx: Ctx, cfg: FamilyConfig, body: Body) {
  cfg.precheck?.(ctx, body);
  const f = cfg.fields;
  const sender = body[f.sender];
  const senderIssue = senderProblem(f.sender, sender);
  if (senderIssue) throw problem(ctx, cfg, 'sender', senderIssue);
  const content = cfg.contentOf?.(ctx, body) ?? body[f.content];
  if (typeof content !== 'string' || content === '') throw problem(ctx, cfg, 'content', `${f.content} is required`);
  const chars = [...content].length;
  if (cfg.maxContentChars !== undefined && chars > cfg.maxContentChars) {
    throw problem(ctx, cfg, 'contentTooLong', `${f.content} must be at most ${cfg.maxContentChars} characters (got ${chars})`);
  }
  const group = cfg.groupRecipients?.(ctx, body);
  if (group) {
    // A copy: the stored message must not share the group's numbers.
    return { sender: sender as string, content, nsn: group.slice(), scheduledAt: scheduleOf(ctx, cfg, body.scheduledTime), cost: costOf(content, group.length) };
  }
  const list = body[f.recipients];
  if (!isList(list) || list.length === 0) {
    throw problem(ctx, cfg, 'recipients', `${f.recipients} must be a non-empty array of phone numbers`);
  }
  if (cfg.maxRecipients !== undefined && list.length > cfg.maxRecipients) {
    throw problem(ctx, cfg, 'tooMany', `${f.recipients} may hold at most ${cfg.maxRecipients} numbers (got ${list.length})`);
  }
  const parsed = parseNumbers(list, false);
  if (parsed.invalid.length) {
    throw problem(ctx, cfg, 'msisdn', `Invalid ${f.recipients}: ${describeInvalid(parsed.invalid)}`, {
      invalid: parsed.invalid.slice(0, 100).map(({ value, reason }) => ({ msisdn: value, reason })),
    });
  }
  const scheduledAt = scheduleOf(ctx, cfg, body.scheduledTime);
  return { sender: sender as string, content, nsn: parsed.nsn, scheduledAt, cost: costOf(content, parsed.nsn.length) };
}

export function familyRoutes(cfg: FamilyConfig, env: SandboxEnv): Route[] {
  const { store } = env;
  const b = cfg.base;
  const recipientStatuses = STATUS_NAMES as readonly string[];
  return [
    {
      method: 'POST',
      path: `${b}/send`,
      scope: cfg.scopes.send,
      kind: 'send',
      handle(ctx) {
        // The recipients array is read from the body's bytes one number at a time (2,000,000 on ME-SMS).
        const body = jsonBody(ctx, [cfg.fields.recipients]);
        const v = validateSend(ctx, cfg, body);
        if (cfg.dryRun && (body.dryRun === true || body.dryRun === 'true')) {
          return ok({ result: { dryRun: true, parts: v.cost.parts, totalMsisdn: v.nsn.length, totalCredit: v.cost.totalCredit } });
        }
        const texts = cfg.recipientTexts?.(ctx, body, v.nsn, v.content);
        if (texts) return sendPersonalised(ctx, cfg, env, v, texts);
        const m = createMessage(
          store,
          { provider: cfg.provider, sender: v.sender, content: v.content, nsn: v.nsn, scheduledAt: v.scheduledAt, refPrefix: cfg.refPrefix },
          { now: ctx.now, deliveryDelayMs: env.deliveryDelayMs },
        );
        if (!m) {
          throw problem(ctx, cfg, 'insufficient', cfg.insufficientMessage(v.cost.totalCredit, store.balances[cfg.provider]));
        }
        return ok({
          result: {
            uuid: m.uuid,
            refNo: m.refNo,
            totalMsisdn: m.nsn.length,
            totalCredit: m.totalCredit,
            blockedCount: m.blockedCount,
            status: m.scheduledAt === null ? 'pending' : 'scheduled',
          },
        });
      },
    },
    {
      method: 'GET',
      path: `${b}/credit/balance`,
      scope: cfg.scopes.credit,
      handle: () => ok({ result: { balance: store.balances[cfg.provider] } }),
    },
    {
      method: 'GET',
      path: b,
      scope: cfg.scopes.read,
      handle(ctx) {
        const page = intQuery(ctx, 'page', { def: 1, min: 1, max: 1_000_000_000 });
        const limit = intQuery(ctx, 'limit', { def: 20, min: 1, max: 100 });
        const all = listMessages(
          store,
          cfg.provider,
          {
            status: enumQuery(ctx, 'status', cfg.statuses),
            sender: ctx.query.get(cfg.fields.sender) || ctx.query.get('sender') || undefined,
            from: timeQuery(ctx, 'from'),
            to: timeQuery(ctx, 'to'),
            search: ctx.query.get('search') || undefined,
          },
          (m) => cfg.statusOf(m, ctx.now),
        );
        const data = all.slice((page - 1) * limit, page * limit).map((m) => messageView(cfg, m, ctx.now));
        return ok({ result: { data, page, limit, total: all.length } });
      },
    },
    {
      method: 'GET',
      path: `${b}/:uuid`,
      scope: cfg.scopes.read,
      handle: (ctx) => ok({ result: messageView(cfg, find(ctx, env, cfg), ctx.now) }),
    },
    {
      method: 'GET',
      path: `${b}/:uuid/recipients`,
      scope: cfg.scopes.read,
      handle(ctx) {
        const m = find(ctx, env, cfg);
        const hasAfter = (ctx.query.get('after') ?? '') !== '';
        const status = enumQuery(ctx, 'status', recipientStatuses);
        const page = recipientsPage(
          m,
          {
            limit: intQuery(ctx, 'limit', { def: 50, min: 1, max: 50 }),
            after: hasAfter ? intQuery(ctx, 'after', { def: 0, min: 0, max: 0xffffffff }) : undefined,
            page: intQuery(ctx, 'page', { def: 1, min: 1, max: 1_000_000_000 }),
            status: status === undefined ? undefined : statusCode(status),
            search: ctx.query.get('search') ?? undefined,
          },
          ctx.now,
        );
        return ok({ result: page });
      },
    },
    {
      method: 'POST',
      path: `${b}/:uuid/cancel`,
      scope: cfg.scopes.cancel,
      handle(ctx) {
        const m = find(ctx, env, cfg);
        const r = cancelMessage(store, m, ctx.now);
        if (!r.ok) throw fail(ctx, r.status, r.code, r.message);
        return ok({ result: { uuid: m.uuid, status: 'cancelled', refundedCredit: r.refundedCredit } });
      },
    },
  ];
}

/**
 * A request whose recipients each have their own text: stored as one message per distinct
 * text (the sandbox keeps one text a message), all charged or none; the answer is the first
 * one's uuid with the request's totals.
 */
function sendPersonalised(
  ctx: Ctx,
  cfg: FamilyConfig,
  env: SandboxEnv,
  v: { sender: string; nsn: Uint32Array; scheduledAt: number | null },
  texts: string[],
): Reply {
  const byText = new Map<string, number[]>();
  for (let i = 0; i < texts.length; i++) {
    const list = byText.get(texts[i]!) ?? [];
    list.push(v.nsn[i]!);
    byText.set(texts[i]!, list);
  }
  let needed = 0;
  for (const [text, nsn] of byText) needed += costOf(text, nsn.length).totalCredit;
  if (env.store.balances[cfg.provider] < needed) throw problem(ctx, cfg, 'insufficient', cfg.insufficientMessage(needed, env.store.balances[cfg.provider]));
  const made: StoredMessage[] = [];
  for (const [text, nsn] of byText) {
    const m = createMessage(
      env.store,
      { provider: cfg.provider, sender: v.sender, content: text, nsn: Uint32Array.from(nsn), scheduledAt: v.scheduledAt, refPrefix: cfg.refPrefix },
      { now: ctx.now, deliveryDelayMs: env.deliveryDelayMs },
    );
    if (m) made.push(m);
  }
  const first = made[0]!;
  return ok({
    result: {
      uuid: first.uuid,
      refNo: first.refNo,
      totalMsisdn: made.reduce((n, m) => n + m.nsn.length, 0),
      totalCredit: made.reduce((n, m) => n + m.totalCredit, 0),
      blockedCount: made.reduce((n, m) => n + m.blockedCount, 0),
      status: first.scheduledAt === null ? 'pending' : 'scheduled',
    },
  });
}
