/**
 * One signed SEPSMS-style delivery to a receiver, as the provider would make it: the body, the
 * event and timestamp headers and `X-Webhook-Signature`, one attempt (webhook trigger).
 */
import type { Dispatcher } from 'undici';
import { SmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';
import { sign, signatureHeader } from './signature.js';

export interface SignedPost {
  target: string;
  event: string;
  body: string;
  secret: string;
  /** The signature's `t`. */
  at: Date;
  userAgent: string;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
}

export interface PostAnswer {
  status: number;
  ms: number;
  body: Buffer;
}

export async function postSignedEvent(p: SignedPost): Promise<PostAnswer> {
  const stamp = Math.floor(p.at.getTime() / 1000);
  const headers = {
    'content-type': 'application/json',
    'user-agent': p.userAgent,
    'x-webhook-event': p.event,
    'x-webhook-timestamp': String(stamp),
    'x-webhook-signature': signatureHeader(stamp, sign(p.secret, stamp, p.body)),
  };
  const { request } = await import('undici');
  const started = performance.now();
  let res;
  try {
    res = await request(p.target, { method: 'POST', headers, body: p.body, dispatcher: p.dispatcher, headersTimeout: 15_000, bodyTimeout: 15_000, signal: p.signal });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ECONNREFUSED' ? t('webhook.post.refused') : code === 'UND_ERR_HEADERS_TIMEOUT' ? t('webhook.post.timeout') : (code ?? (error as Error).message);
    throw new SmsctlError('provider', t('webhook.post.unreachable', { host: new URL(p.target).host, why }), { code: 'RECEIVER_UNREACHABLE' });
  }
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, ms: Math.round(performance.now() - started), body };
}
