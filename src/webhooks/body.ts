import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 1024 * 1024;

/** The raw body, or 'too-large' as soon as it passes the limit (the rest is not read). */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return resolve('too-large');
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/** Fields of a ThaiBulkSMS callback: query string, then a form or JSON body over it. */
export function callbackFields(query: URLSearchParams, body: Buffer, contentType: string | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = Object.fromEntries(query);
  const text = body.toString('utf8').trim();
  if (!text) return fields;
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json') || (!type.includes('form') && /^[{[]/.test(text))) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return { ...fields, ...(parsed as Record<string, unknown>) };
      return { ...fields, body: parsed };
    } catch {
      // Not JSON after all: read it as a form below.
    }
  }
  return { ...fields, ...Object.fromEntries(new URLSearchParams(text)) };
}
