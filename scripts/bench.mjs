// Speed and memory figures for the send path and the sandbox. Prints numbers; asserts nothing.
// Run after a build: npm run build && npm run bench   (ROWS=200000 npm run bench for a quick run)
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROWS = Number(process.env.ROWS ?? 2_000_000);
const dist = new URL('../dist/', import.meta.url);
const { openCsv, findPhoneColumn } = await import(new URL('core/csv.js', dist));
const { parseTemplate, resolvePlaceholders } = await import(new URL('core/template.js', dist));
const { fromCsv } = await import(new URL('send/recipients.js', dist));
const { buildPlan } = await import(new URL('send/plan.js', dist));

// The request Buffer counts in arrayBuffers before and not after: subtract what was freed by it.
const retained = (before, after) => after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers - bodyBytes);
let bodyBytes = 0;
const mb = (n) => `${(n / 1024 / 1024).toFixed(0)} MB`;
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const dir = mkdtempSync(join(tmpdir(), 'smsctl-bench-'));

async function writeCsv(file, rows) {
  const out = createWriteStream(file);
  out.write('name,phone,points\n');
  for (let i = 0; i < rows; i++) {
    const line = `ลูกค้า${i},08${String(i % 100_000_000).padStart(8, '0')},${i % 1000}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function plan(file, message) {
  const source = await openCsv(createReadStream(file), { name: 'bench.csv' });
  const phone = findPhoneColumn(source.headers);
  const template = resolvePlaceholders(parseTemplate(message), source.headers);
  return buildPlan(fromCsv(source, phone), template, { maxPerRequest: 2_000_000, providerName: 'ME-SMS', rowLabel: (r) => `row ${r}` });
}

try {
  // The sandbox first, in a fresh heap, so its retained memory is not blurred by the planner's garbage.
  const { startSandbox } = await import(new URL('sandbox/index.js', dist));
  const sandbox = await startSandbox({ port: 0, deliveryDelayMs: 0, balances: { mesms: 1e9 } });
  const me = sandbox.info.providers.mesms;
  // The client's own request body is built as a Buffer before the baseline and dropped after,
  // so what stays is what the sandbox keeps.
  let body = Buffer.from(JSON.stringify({ sender: 'BENCH', content: 'hello', msisdns: Array.from({ length: ROWS }, (_, i) => `6681${String(i).padStart(7, '0')}`) }));
  bodyBytes = body.length;
  global.gc?.();
  const before = process.memoryUsage();
  let t0 = performance.now();
  const res = await fetch(`${me.baseUrl}/sms/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': me.apiKey },
    body,
  });
  const { result } = await res.json();
  const sendMs = performance.now() - t0;
  body = undefined;
  global.gc?.();
  await new Promise((r) => setTimeout(r, 100));
  global.gc?.();
  const after = process.memoryUsage();
  t0 = performance.now();
  const last = await fetch(`${me.baseUrl}/sms/${result.uuid}/recipients?after=${ROWS - 50}&limit=50`, { headers: { 'x-api-key': me.apiKey } });
  await last.json();
  const pageMs = performance.now() - t0;
  t0 = performance.now();
  const failed = await fetch(`${me.baseUrl}/sms/${result.uuid}/recipients?after=0&limit=50&status=failed`, { headers: { 'x-api-key': me.apiKey } });
  await failed.json();
  const filterMs = performance.now() - t0;
  console.log(
    `sandbox: ${ROWS.toLocaleString()}-recipient ME-SMS send accepted in ${(sendMs / 1000).toFixed(2)} s; ` +
      `retained ≈ ${mb(retained(before, after))} (${(retained(before, after) / ROWS).toFixed(1)} B/recipient); ` +
      `last page ${pageMs.toFixed(1)} ms; status filter with no match over all ${ROWS.toLocaleString()} ${filterMs.toFixed(1)} ms`,
  );
  await sandbox.close();
  const file = join(dir, 'contacts.csv');
  await writeCsv(file, ROWS);
  for (const [label, message] of [
    ['same text for all', 'สวัสดีครับ รับส่วนลด 10% วันนี้'],
    ['personalised {{name}}', 'สวัสดีคุณ{{name}} รับส่วนลด 10% วันนี้'],
  ]) {
    global.gc?.();
    peak = process.memoryUsage().rss;
    const t0 = performance.now();
    const result = await plan(file, message);
    const ms = performance.now() - t0;
    console.log(
      `plan ${ROWS.toLocaleString()} rows (${label}): ${(ms / 1000).toFixed(2)} s, ${Math.round(ROWS / (ms / 1000)).toLocaleString()} rows/s, ` +
        `${result.batches.length.toLocaleString()} requests, ${result.credits.toLocaleString()} credits, peak RSS ${mb(peak)}`,
    );
  }
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
