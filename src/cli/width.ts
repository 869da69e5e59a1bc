/**
 * Text measured and padded by the columns it takes on a terminal, not by its length: Thai vowel
 * and tone marks sit on the letter before them and take no column. Tables (formatTable), the
 * send summary and every labelled block line up through these.
 */
const COMBINING = /[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]/g;

/** The text without the marks that take no column (for commander's help, which counts what is left). */
export function withoutMarks(s: string): string {
  return s.replace(COMBINING, '');
}

export function displayWidth(s: string): number {
  return [...withoutMarks(s)].length;
}

export function padDisplay(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + ' '.repeat(width - w);
}

/** The column width for these labels: at least `min`, and two spaces after the widest. */
export function labelWidth(labels: readonly string[], min: number): number {
  return Math.max(min, ...labels.map((l) => displayWidth(l) + 2));
}
