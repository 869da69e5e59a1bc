/**
 * Read stage: where recipients come from. Both sources yield the same shape so every
 * later stage is source-agnostic.
 */
import type { CsvSource } from '../core/csv.js';

export interface RawRecipient {
  /** Spreadsheet row (CSV) or 1-based position in --to. */
  row: number;
  phone: string;
  values: Record<string, string>;
}

export async function* fromCsv(source: CsvSource, phoneColumn: string): AsyncGenerator<RawRecipient> {
  for await (const record of source.records) {
    yield { row: record.row, phone: record.values[phoneColumn] ?? '', values: record.values };
  }
}

/** `--to` may repeat and each value may hold comma-separated numbers. */
export function* fromList(values: readonly string[]): Generator<RawRecipient> {
  let row = 0;
  for (const value of values) {
    for (const phone of value.split(',')) {
      if (phone.trim() === '') continue;
      row++;
      yield { row, phone, values: {} };
    }
  }
}
