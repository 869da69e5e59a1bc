#!/usr/bin/env node
// Regenerates fixtures/contacts.csv deterministically (same output on every run).
// Composition (300 data rows): 274 distinct valid mobiles in mixed formats, 3 more with the
// leading 0 dropped; 5 sandbox magic numbers 0800000001–5; 10 duplicates of earlier numbers
// written another way; 8 invalid numbers.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../fixtures/contacts.csv', import.meta.url));
const NAMES = ['สมชาย', 'สมหญิง', 'สมศักดิ์', 'สุดา', 'วิชัย', 'มาลี', 'ประเสริฐ', 'นภา', 'อนันต์', 'กมล',
  'ธนพล', 'ศิริพร', 'ปิยะ', 'วรรณา', 'สุรชัย', 'อรุณี', 'ชัยวัฒน์', 'พรทิพย์', 'เกียรติ', 'จันทร์เพ็ญ'];
const BRANCHES = ['สยาม', 'ลาดพร้าว', 'บางนา', 'เชียงใหม่', 'ขอนแก่น', 'ภูเก็ต', 'หาดใหญ่', 'พัทยา'];
const PREFIXES = ['61', '62', '63', '64', '65', '66', '81', '82', '83', '84', '85', '86', '87', '88', '89',
  '90', '91', '92', '93', '94', '95', '96', '97', '98', '99'];

// mulberry32: a tiny seeded PRNG, so the file is identical on every run.
let seed = 20261201;
const rand = (n) => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
};

const seen = new Set();
function newNsn() {
  for (;;) {
    const nsn = PREFIXES[rand(PREFIXES.length)] + String(rand(10_000_000)).padStart(7, '0');
    if (!seen.has(nsn)) return seen.add(nsn), nsn;
  }
}
const FORMATS = [
  (n) => `0${n}`,
  (n) => `0${n.slice(0, 2)}-${n.slice(2, 5)}-${n.slice(5)}`,
  (n) => `+66 ${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5)}`,
  (n) => `66${n}`,
];

const phones = [];
const valid = [];
for (let i = 0; i < 274; i++) {
  const nsn = newNsn();
  valid.push(nsn);
  phones.push(FORMATS[i % FORMATS.length](nsn));
}
// Spread the special rows through the file (positions are 0-based data-row indexes).
const insert = (at, value) => phones.splice(at, 0, value);
const special = [
  [20, `${newNsn()}`], [95, `${newNsn()}`], [180, `${newNsn()}`], // dropped leading 0
  [40, '0800000001'], [41, '0800000002'], [42, '0800000003'], [43, '0800000004'], [44, '0800000005'],
  [60, '021234567'], [110, '081234'], [130, '08l2345678'], [150, '6.68123E+10'], [170, ''],
  [200, '0812345678901'], [220, 'n/a'], [240, '0601234567'],
];
for (const [at, value] of special) insert(at, value);
// Duplicates: an earlier number written in a different format.
for (let k = 0; k < 10; k++) {
  const nsn = valid[k * 7];
  insert(250 + k * 5, FORMATS[(k * 7 + 1 + (k % 3)) % FORMATS.length](nsn));
}

const lines = ['name,phone,branch,points'];
phones.forEach((phone, i) => {
  const name = NAMES[(i * 7) % NAMES.length];
  const branch = BRANCHES[rand(BRANCHES.length)];
  const points = 100 + rand(9900);
  lines.push([name, phone, branch, points].join(','));
});
if (lines.length !== 301) throw new Error(`expected 300 data rows, got ${lines.length - 1}`);
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${out} (${lines.length - 1} rows)`);
