/**
 * SMS part counting (3GPP TS 23.038), used for the local cost summary. The sandbox charges by
 * its own, separately written counter (src/sandbox/parts.ts), so a mistake here shows up in
 * tests as a disagreement instead of being repeated.
 */

export type Encoding = 'GSM-7' | 'UCS-2';

export interface PartsInfo {
  encoding: Encoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text occupies. */
  units: number;
  parts: number;
}

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[]~|€\f';
const basic = new Set(GSM_BASIC);
const extended = new Set(GSM_EXTENDED);

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!basic.has(ch) && !extended.has(ch)) return false;
  return true;
}

export function countParts(text: string): PartsInfo {
  if (isGsm7(text)) {
    const widths: number[] = [];
    for (const ch of text) widths.push(extended.has(ch) ? 2 : 1);
    return split('GSM-7', widths, 160, 153);
  }
  // UCS-2 counts UTF-16 code units; a surrogate pair (emoji) is one indivisible character of width 2.
  const widths: number[] = [];
  for (const ch of text) widths.push(ch.length);
  return split('UCS-2', widths, 70, 67);
}

function split(encoding: Encoding, widths: number[], single: number, multi: number): PartsInfo {
  const units = widths.reduce((a, b) => a + b, 0);
  if (units === 0) return { encoding, units, parts: 0 };
  if (units <= single) return { encoding, units, parts: 1 };
  // A character never straddles two parts, so fill greedily instead of dividing.
  let parts = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > multi) {
      parts++;
      used = 0;
    }
    used += w;
  }
  return { encoding, units, parts };
}
