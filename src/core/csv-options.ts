/**
 * `send --encoding` and `--delimiter` values. Kept apart from the reader so registering the
 * flags loads nothing heavy.
 */
import { usageError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { TextEncodingName } from './decode.js';

const ENCODINGS: Readonly<Record<string, TextEncodingName>> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  'windows-874': 'windows-874',
  windows874: 'windows-874',
  cp874: 'windows-874',
  'tis-620': 'windows-874',
  tis620: 'windows-874',
  utf16le: 'utf-16le',
  'utf-16le': 'utf-16le',
  utf16be: 'utf-16be',
  'utf-16be': 'utf-16be',
};

/** utf8, windows-874 (tis-620, cp874) or utf16le (utf16be): the encoding the file is read in. */
export function parseEncoding(value: string): TextEncodingName {
  const e = Object.hasOwn(ENCODINGS, value.toLowerCase()) ? ENCODINGS[value.toLowerCase()] : undefined;
  if (e === undefined) throw usageError(t('csv.bad_encoding_flag', { value }), 'BAD_FLAG');
  return e;
}

const DELIMITERS: Readonly<Record<string, string>> = { ',': ',', comma: ',', ';': ';', semicolon: ';', tab: '\t', '\t': '\t', '\\t': '\t' };

/** tab, comma, semicolon, `,` or `;`: the delimiter, as the character. */
export function parseDelimiter(value: string): string {
  const d = Object.hasOwn(DELIMITERS, value.toLowerCase()) ? DELIMITERS[value.toLowerCase()] : undefined;
  if (d === undefined) throw usageError(t('csv.bad_delimiter_flag', { value }), 'BAD_FLAG');
  return d;
}
