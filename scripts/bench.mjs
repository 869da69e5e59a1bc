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
  return buildPlan(fromCsv(source, phone), template, { maxPerRequest: 2_000_000, providerName: 'ME-SMS', rowLabel: (r) => `row ${r}` }, { batch() {} });
}

const BIN = fileURLToPath(new URL('../bin/smsctl.js', import.meta.url));
const RSS_PRELOAD = fileURLToPath(new URL('./bench-rss.cjs', import.meta.url));

/** Runs the built CLI as a user would; returns wall time, peak RSS and the JSON it printed. */
async function cli(args, env, { stopAfterMs } = {}) {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: dir, SMSCTL_CONFIG_DIR: join(dir, 'config'), NODE_OPTIONS: `--require ${RSS_PRELOAD}`, SMSCTL_BENCH_RSS_FILE: rssFile, ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  const timer = stopAfterMs ? setTimeout(() => child.kill('SIGINT'), stopAfterMs) : undefined;
  const [code] = await once(child, 'close');
  clearTimeout(timer);
  const ms = performance.now() - t0;
  let json;
  try {
    json = JSON.parse(out);
  } catch {
    json = undefined;
  }
  return { code, ms, rss: Number(readFileSync(rssFile, 'utf8')), json };
}

async function setBalance(url, provider) {
  await fetch(`${url}/__sandbox/balance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider, balance: 1e9 }) });
}

/** Paired: the dry run and the real send of the same file and profile, in this run. */
async function endToEnd(url, info, file) {
  const tbs = info.providers.thaibulksms;
  const me = info.providers.mesms;
  const envs = {
    'ThaiBulkSMS (500 a request)': { SMSCTL_PROVIDER: 'thaibulksms', SMSCTL_BASE_URL: tbs.baseUrl, SMSCTL_API_KEY: tbs.apiKey, SMSCTL_API_SECRET: tbs.apiSecret },
    'ME-SMS (one streamed request)': { SMSCTL_PROVIDER: 'mesms', SMSCTL_BASE_URL: me.baseUrl, SMSCTL_API_KEY: me.apiKey, SMSCTL_SENDER: 'BENCH' },
  };
  const message = 'สวัสดีครับ รับส่วนลด 10% วันนี้';
  for (const [label, env] of Object.entries(envs)) {
    await setBalance(url, env.SMSCTL_PROVIDER);
    const dry = await cli(['send', '--csv', file, '-m', message, '--dry-run', '--json'], env);
    // The sandbox has no rate limit of its own for these; the published 120/s would make this a test of the limiter.
    const real = await cli(['send', '--csv', file, '-m', message, '--rate', 'none', '--yes', '--json'], env);
    const sent = real.json?.sent?.recipients ?? 0;
    console.log(
      `send ${ROWS.toLocaleString()} numbers via the sandbox's ${label}: exit ${real.code}, ${sent.toLocaleString()} sent in ${(real.json?.sent?.requests ?? 0).toLocaleString()} requests; ` +
        `${(real.ms / 1000).toFixed(2)} s vs dry run ${(dry.ms / 1000).toFixed(2)} s = ${(real.ms / dry.ms).toFixed(2)}× the dry run; ` +
        `peak RSS ${mb(real.rss)} (dry run ${mb(dry.rss)})`,
    );
  }
  // Personalised: one request per distinct text, so requests per second is the figure.
  const env = envs['ME-SMS (one streamed request)'];
  const small = join(dir, 'personalised.csv');
  const PERSONAL = Math.min(ROWS, Number(process.env.PERSONAL_ROWS ?? 200_000));
  await writeCsv(small, PERSONAL);
  await setBalance(url, 'mesms');
  const p = await cli(['send', '--csv', small, '-m', 'สวัสดีคุณ{{name}} แต้มของคุณ {{points}}', '--rate', 'none', '--yes', '--json'], env);
  const reqs = p.json?.sent?.requests ?? 0;
  console.log(
    `personalised ME-SMS send of ${PERSONAL.toLocaleString()} rows: exit ${p.code}, ${reqs.toLocaleString()} requests in ${(p.ms / 1000).toFixed(1)} s ` +
      `= ${Math.round(reqs / (p.ms / 1000)).toLocaleString()} requests/s sustained (planning included); peak RSS ${mb(p.rss)}`,
  );
  // A personalised send of the whole file: planned into the journal in full, then stopped
  // with Ctrl-C after STOP_MS of sending (two million requests would take half an hour).
  const STOP_MS = Number(process.env.STOP_MS ?? 25_000);
  await setBalance(url, 'mesms');
  const big = await cli(['send', '--csv', file, '-m', 'สวัสดีคุณ{{name}} แต้มของคุณ {{points}}', '--rate', 'none', '--yes', '--json'], env, { stopAfterMs: STOP_MS });
  console.log(
    `personalised ME-SMS send of ${ROWS.toLocaleString()} rows (${(big.json?.requestsPlanned ?? 0).toLocaleString()} requests planned into the journal), ` +
      `Ctrl-C after ${STOP_MS / 1000} s: exit ${big.code}, ${(big.json?.sent?.requests ?? 0).toLocaleString()} requests sent; peak RSS ${mb(big.rss)}`,
  );
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
  const file = join(dir, 'contacts.csv');
  await writeCsv(file, ROWS);
  await endToEnd(url, info, file);
  server.kill('SIGINT');
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
        `${result.batches.toLocaleString()} requests, ${result.credits.toLocaleString()} credits, peak RSS ${mb(peak)}`,
    );
  }
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
