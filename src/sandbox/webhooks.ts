/**
 * Admin routes for webhook receivers: register, list (secrets masked), remove, and the
 * delivery log. SEPSMS registers webhooks in its dashboard, not by API key; these routes stand
 * in for that dashboard.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from './state.js';
import { fail, intQuery, iso, jsonBody, ok, quote } from './http.js';
import type { Ctx, Route } from './http.js';
import { WEBHOOK_EVENTS } from './webhook-types.js';
import type { DeliveryRecord, WebhookEvent, WebhookReceiver } from './webhook-types.js';

export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64url')}`;

/** Enough to tell two secrets apart in a list, never enough to sign with. */
export const maskSecret = (secret: string): string => `${secret.slice(0, secret.startsWith('whsec_') ? 6 : 0)}…${secret.slice(-4)}`;

export interface NewWebhook {
  url: string;
  events?: readonly string[];
  secret?: string;
}

/** A problem with a registration, worded for the field, or undefined. */
export function webhookProblem(w: NewWebhook): string | undefined {
  if (typeof w.url !== 'string' || !URL.canParse(w.url) || !/^https?:$/.test(new URL(w.url).protocol)) {
    return `url must be an http:// or https:// URL (got ${quote(w.url, 64)})`;
  }
  if (w.events !== undefined) {
    if (!Array.isArray(w.events)) return 'events must be an array of event names';
    const unknown = w.events.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
    if (unknown.length) return `events: unknown ${quote(unknown.join(', '), 64)}; use ${WEBHOOK_EVENTS.join(', ')}`;
  }
  if (w.secret !== undefined && (typeof w.secret !== 'string' || w.secret.length < 8 || w.secret.length > 256)) {
    return 'secret must be a string of 8 to 256 characters';
  }
  return undefined;
}

export function addWebhook(store: Store, w: NewWebhook, now: number): WebhookReceiver {
  const receiver: WebhookReceiver = {
    id: `wh_${randomBytes(6).toString('hex')}`,
    url: w.url,
    events: [...new Set(w.events ?? [])] as WebhookEvent[],
    secret: w.secret ?? newWebhookSecret(),
    createdAt: now,
  };
  store.webhooks.push(receiver);
  store.onChange();
  return receiver;
}

const view = (w: WebhookReceiver, secret: string) => ({ id: w.id, url: w.url, events: w.events, secret, createdAt: iso(w.createdAt) });

const deliveryView = (d: DeliveryRecord) => ({
  id: d.id,
  kind: d.kind,
  ...(d.receiverId !== undefined && { webhookId: d.receiverId }),
  url: d.url,
  method: d.method,
  event: d.event,
  txId: d.txId,
  state: d.state,
  createdAt: iso(d.createdAt),
  nextAttemptAt: d.nextAt === null ? null : iso(d.nextAt),
  attempts: d.attempts.map((a) => ({ at: iso(a.at), status: a.status, ...(a.error !== undefined && { error: a.error }), ms: a.ms })),
});

export function webhookRoutes(store: Store): Route[] {
  const find = (ctx: Ctx): WebhookReceiver => {
    const w = store.webhooks.find((x) => x.id === ctx.params.id);
    if (!w) throw fail(ctx, 404, 'NOT_FOUND', `No webhook ${quote(ctx.params.id ?? '', 40)}`);
    return w;
  };
  return [
    { method: 'GET', path: '/webhooks', handle: () => ok({ webhooks: store.webhooks.map((w) => view(w, maskSecret(w.secret))) }) },
    {
      method: 'POST',
      path: '/webhooks',
      handle(ctx) {
        const body = jsonBody(ctx) as unknown as NewWebhook;
        const problem = webhookProblem(body);
        if (problem) throw fail(ctx, 400, 'INVALID_PARAMETER', problem);
        // The only answer that carries the whole secret.
        const w = addWebhook(store, body, ctx.now);
        return ok({ webhook: view(w, w.secret) }, 201);
      },
    },
    {
      method: 'DELETE',
      path: '/webhooks/:id',
      handle(ctx) {
        const w = find(ctx);
        store.webhooks = store.webhooks.filter((x) => x !== w);
        store.onChange();
        return ok({ removed: view(w, maskSecret(w.secret)) });
      },
    },
    {
      method: 'GET',
      path: '/webhooks/deliveries',
      handle(ctx) {
        const limit = intQuery(ctx, 'limit', { def: 100, min: 1, max: 2000 });
        return ok({ deliveries: store.deliveries.slice(-limit).reverse().map(deliveryView) });
      },
    },
  ];
}
