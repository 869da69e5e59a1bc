/**
 * A sentence for both a person and a script (issue 16): why a row, a number or a figure is
 * left out, a preview's warnings. It is kept as its catalogue key and params and rendered where
 * it is read: in the reader's language for a person (`${reason}`, String(reason)), in English
 * for a machine (JSON.stringify: `--json`, the run's skipped.ndjson and so the per-row CSV
 * report). One catalogue key serves both, and a row refused two million times costs no
 * sentence until one is shown.
 */
import { t, tEn, type MessageKey } from '../i18n/index.js';

/** A param is a value, or a phrase of its own, rendered in the same language as the sentence. */
export type ReasonParam = string | number | bigint | Said;
export type ReasonParams = Readonly<Record<string, ReasonParam>>;

/** Text with a reader's rendering (toString) and a script's (toJSON, always English). */
export interface Said {
  toString(): string;
  toJSON(): string;
}

export class Reason implements Said {
  /** The English, made once: a shared reason written to the journal for every row it refuses. */
  private english: string | undefined;

  constructor(
    readonly key: MessageKey,
    readonly params?: ReasonParams,
  ) {}

  /** For a person: the current language. */
  toString(): string {
    return t(this.key, this.params && render(this.params, String));
  }

  /** For a script: always English, whatever the language (the JSON and CSV contract). */
  toJSON(): string {
    return (this.english ??= tEn(this.key, this.params && render(this.params, (s) => s.toJSON())));
  }
}

/** Phrases joined into one ("credits: smsctl 9, ME-SMS 10; parts: …"), each rendered as the whole is. */
export class SaidList implements Said {
  constructor(
    readonly items: readonly Said[],
    readonly separator = '; ',
  ) {}

  toString(): string {
    return this.items.map(String).join(this.separator);
  }

  toJSON(): string {
    return this.items.map((s) => s.toJSON()).join(this.separator);
  }
}

function render(params: ReasonParams, as: (said: Said) => string): Record<string, string | number | bigint> {
  const out: Record<string, string | number | bigint> = {};
  for (const [k, v] of Object.entries(params)) out[k] = typeof v === 'object' ? as(v) : v;
  return out;
}
