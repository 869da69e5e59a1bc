// Speed and memory figures for the send path and the sandbox. Prints numbers; asserts nothing.
// Run after a build: npm run build && npm run bench   (ROWS=200000 npm run bench for a quick run)
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROWS = Number(process.env.ROWS ?? 2_000_000);
const dist = new URL('../dist/', import.meta.url);
const { openCsv, findPhoneColumn } = await import(new URL('core/csv.js', dist));
const { parseTemplate, resolvePlaceholders } = await import(new URL('core/template.js', dist));
const { fromCsv } = await import(new URL('send/recipients.js', dist));
const { buildPlan } = await import(new URL('send/plan.js', dist));

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
  // The sandbox runs as `smsctl sandbox serve` in its own process, so its memory is measured alone.
  const server = spawn(process.execPath, [fileURLToPath(new URL('../bin/smsctl.js', import.meta.url)), 'sandbox', 'serve', '--port', '0', '--delivery-delay', '0'], {
    env: { ...process.env, SMSCTL_CONFIG_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve) => {
    let out = '';
    server.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;
  const info = await (await fetch(`${url}/__sandbox/info`)).json();
  const me = info.providers.mesms;
  await fetch(`${url}/__sandbox/balance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'mesms', balance: 1e9 }) });
  const body = JSON.stringify({ sender: 'BENCH', content: 'hello', msisdns: Array.from({ length: ROWS }, (_, i) => `6681${String(i).padStart(7, '0')}`) });
  const rssBefore = rss();
  let t0 = performance.now();
  const res = await fetch(`${me.baseUrl}/sms/send`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': me.apiKey }, body });
  const { result } = await res.json();
  const sendMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 1000));
  const rssAfter = rss();
  const get = async (path) => {
    const t = performance.now();
    await (await fetch(`${me.baseUrl}${path}`, { headers: { 'x-api-key': me.apiKey } })).json();
    return (performance.now() - t).toFixed(1);
  };
  const lastPage = await get(`/sms/${result.uuid}/recipients?after=${ROWS - 50}&limit=50`);
  const filtered = await get(`/sms/${result.uuid}/recipients?after=0&limit=50&status=failed`);
  const summary = await get(`/sms/${result.uuid}`);
  console.log(
    `sandbox: ${ROWS.toLocaleString()}-recipient ME-SMS send (${mb(body.length)} body) accepted in ${(sendMs / 1000).toFixed(2)} s; ` +
      `server RSS ${mb(rssBefore)} → ${mb(rssAfter)} (includes freed parse buffers: an upper bound); ` +
      `last page ${lastPage} ms; status filter with no match over all rows ${filtered} ms; message summary ${summary} ms`,
  );
  server.kill('SIGINT');
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
