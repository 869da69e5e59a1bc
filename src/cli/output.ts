import type { Context } from './context.js';

/** Indented for a person at a terminal; one line when piped, so logs can be JSON Lines. */
export function writeJson(ctx: Context, value: unknown): void {
  ctx.jsonWritten = true;
  ctx.stdout.write(`${JSON.stringify(value, null, ctx.stdout.isTTY ? 2 : undefined)}\n`);
}

export function writeLine(stream: { write(s: string): unknown }, line = ''): void {
  stream.write(`${line}\n`);
}

/** Plain aligned columns; no colour so it stays readable when piped. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(c)))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Display width: Thai combining marks take no column. */
function width(s: string): number {
  return [...s.replace(/[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]/g, '')].length;
}

export const formatNumber = (n: number): string => n.toLocaleString('en-US');
