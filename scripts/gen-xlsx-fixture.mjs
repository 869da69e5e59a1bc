#!/usr/bin/env node
// Regenerates fixtures/contacts.xlsx from fixtures/contacts.csv: the same header and rows, on one
// sheet "contacts", so an .xlsx read gives exactly the records the CSV does (row numbers too).
// Phones are stored as text, as in a column formatted as Text (the CSV keeps leading zeros,
// dashes and the one Excel-mangled "6.68123E+10" as they are); points are stored as numbers.
// The output is byte-identical on every run: fixed document dates and fixed zip timestamps.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

const src = fileURLToPath(new URL('../fixtures/contacts.csv', import.meta.url));
const out = fileURLToPath(new URL('../fixtures/contacts.xlsx', import.meta.url));
const FIXED = new Date(Date.UTC(2026, 0, 1));

const [header, ...rows] = parse(readFileSync(src), { bom: true, relax_column_count: true });
const col = (name) => header.indexOf(name);
const phone = col('phone');
const points = col('points');

const wb = new ExcelJS.Workbook();
wb.creator = 'smsctl';
wb.lastModifiedBy = 'smsctl';
wb.created = FIXED;
wb.modified = FIXED;
const ws = wb.addWorksheet('contacts');
ws.addRow(header);
for (const row of rows) {
  ws.addRow(row.map((v, i) => (i === points && /^\d+$/.test(v) ? Number(v) : v)));
}
ws.getColumn(phone + 1).numFmt = '@';
ws.getRow(1).font = { bold: true };

// exceljs zips with the current time on every entry; repack with a fixed one.
const JSZip = createRequire(createRequire(import.meta.url).resolve('exceljs'))('jszip');
const packed = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
const repacked = new JSZip();
for (const [name, entry] of Object.entries(packed.files)) {
  if (entry.dir) continue;
  repacked.file(name, await entry.async('nodebuffer'), { date: FIXED, createFolders: false });
}
const bytes = await repacked.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
writeFileSync(out, bytes);
console.log(`wrote ${out} (${rows.length} rows, ${bytes.length} bytes)`);
