/**
 * The sandbox's own SMS part counter, used to charge credits. It is written separately from the
 * client's counter on purpose and imports nothing from the client: the sandbox judges the
 * client, so a mistake in the client's counting must show up as a different charge, not be
 * repeated here.
 *
 * Rules (providers' notes, "Message parts and credits"; 3GPP TS 23.038 default alphabet):
 * - GSM-7: 160 septets in one part, 153 per part when split. The extension characters
 *   ^ { } \ [ ] ~ | € and form feed take two septets (escape + code).
 * - Any character outside GSM-7 makes the whole message UCS-2: 70 UTF-16 code units in one
 *   part, 67 per part when split.
 * - A character never straddles two parts: an escaped pair and a surrogate pair stay together.
 * - Empty text is one (empty) part.
 */

export type SandboxEncoding = 'GSM-7' | 'UCS-2';

export interface SandboxParts {
  encoding: SandboxEncoding;
  parts: number;
}

const GSM_SINGLE = 160;
const GSM_MULTI = 153;
const UCS_SINGLE = 70;
const UCS_MULTI = 67;

/** Septets for each code point below 0x80: 0 = not in GSM-7, 1 = default alphabet, 2 = escaped. */
const ASCII_SEPTETS = new Uint8Array(0x80);
for (let c = 0x20; c <= 0x7e; c++) ASCII_SEPTETS[c] = 1;
ASCII_SEPTETS[0x0a] = 1; // LF
ASCII_SEPTETS[0x0d] = 1; // CR
ASCII_SEPTETS[0x0c] = 2; // form feed
ASCII_SEPTETS[0x60] = 0; // ` has no GSM-7 code
for (const c of [0x5b, 0x5c, 0x5d, 0x5e, 0x7b, 0x7c, 0x7d, 0x7e]) ASCII_SEPTETS[c] = 2; // [ \ ] ^ { | } ~

/** Septets a single UTF-16 code unit (never a surrogate) takes in GSM-7; 0 when it has none. */
function septetsOf(code: number): number {
  if (code < 0x80) return ASCII_SEPTETS[code] ?? 0;
  switch (code) {
    // Latin-1 letters and signs of the default alphabet
    case 0xa1: // ¡
    case 0xa3: // £
    case 0xa4: // ¤
    case 0xa5: // ¥
    case 0xa7: // §
    case 0xbf: // ¿
    case 0xc4: // Ä
    case 0xc5: // Å
    case 0xc6: // Æ
    case 0xc7: // Ç
    case 0xc9: // É
    case 0xd1: // Ñ
    case 0xd6: // Ö
    case 0xd8: // Ø
    case 0xdc: // Ü
    case 0xdf: // ß
    case 0xe0: // à
    case 0xe4: // ä
    case 0xe5: // å
    case 0xe6: // æ
    case 0xe8: // è
    case 0xe9: // é
    case 0xec: // ì
    case 0xf1: // ñ
    case 0xf2: // ò
    case 0xf6: // ö
    case 0xf8: // ø
    case 0xf9: // ù
    case 0xfc: // ü
    // Greek capitals of the default alphabet
    case 0x393: // Γ
    case 0x394: // Δ
    case 0x398: // Θ
    case 0x39b: // Λ
    case 0x39e: // Ξ
    case 0x3a0: // Π
    case 0x3a3: // Σ
    case 0x3a6: // Φ
    case 0x3a8: // Ψ
    case 0x3a9: // Ω
      return 1;
    case 0x20ac: // € (extension table)
      return 2;
    default:
      return 0;
  }
}

/** Packs characters of the given widths greedily into parts of `size` units. */
class Packer {
  parts = 1;
  private used = 0;
  constructor(private readonly size: number) {}
  add(width: number): void {
    if (this.used + width > this.size) {
      this.parts++;
      this.used = 0;
    }
    this.used += width;
  }
}

export function partsOf(text: string): SandboxParts {
  // One pass, packing both ways at once; which result counts is known only at the end.
  let septets = 0;
  let units = 0;
  let gsm = true;
  const gsmParts = new Packer(GSM_MULTI);
  const ucsParts = new Packer(UCS_MULTI);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let width = 1;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        width = 2; // a surrogate pair is one character of two code units
        i++;
      }
    }
    units += width;
    ucsParts.add(width);
    if (gsm) {
      const s = width === 1 ? septetsOf(code) : 0;
      if (s === 0) gsm = false;
      else {
        septets += s;
        gsmParts.add(s);
      }
    }
  }
  if (gsm) return { encoding: 'GSM-7', parts: septets <= GSM_SINGLE ? 1 : gsmParts.parts };
  return { encoding: 'UCS-2', parts: units <= UCS_SINGLE ? 1 : ucsParts.parts };
}
