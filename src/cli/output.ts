import type { Context } from './context.js';
import { displayWidth } from './width.js';

/**
 * The command's result for --json. Commands never print JSON themselves: the entry point
 * prints `{"ok":true, ...result}` or `{"ok":false, ...result, "error":{…}}`, exactly once.
 * Called twice, the fields merge (a send records its plan, then its outcome).
 */
export function emitResult(ctx: Context, data: object): void {
  ctx.result = { ...ctx.result, ...data };
}

/**
 * Starts a JSON document whose `key` is a list too long to hold (2,000,000 recipients):
 * items go out as they arrive, and the entry point closes the list and adds `ok` (and the
 * error, if the export stops halfway) — the document stays one valid JSON object.
 */
export function startJsonList(ctx: Context, key: string, head: Record<string, unknown> = {}): void {
  const fields = Object.entries(head).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`);
  ctx.stdout.write(`{${fields.join('')}${JSON.stringify(key)}:[`);
  ctx.jsonList = { count: 0 };
}

/** One item of the list started by startJsonList; `buffer` lets a caller batch its writes. */
export function jsonListItem(ctx: Context, item: unknown): string {
  const list = ctx.jsonList!;
  return `${list.count++ === 0 ? '\n' : ',\n'}${JSON.stringify(item)}`;
}

/** The entry point's half of the contract: the envelope, once. */
export function writeEnvelope(ctx: Context, error?: Record<string, unknown>): void {
  const tail = error ? { ok: false, error } : { ok: true };
  if (ctx.jsonList) {
    const fields = Object.entries({ ...ctx.result, ...tail }).map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`);
    ctx.stdout.write(`${ctx.jsonList.count ? '\n' : ''}]${fields.join('')}}\n`);
    return;
  }
  const doc = error ? { ok: false, ...ctx.result, error } : { ok: true, ...ctx.result };
  ctx.stdout.write(`${JSON.stringify(doc, null, ctx.stdout.isTTY ? 2 : undefined)}\n`);
}

export function writeLine(stream: { write(s: string): unknown }, line = ''): void {
  stream.write(`${line}\n`);
}

/** Plain aligned columns; no colour so it stays readable when piped. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(c)))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}


export const formatNumber = (n: number): string => n.toLocaleString('en-US');

/** "1 credit", "2 credits", "1,500 recipients". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}
