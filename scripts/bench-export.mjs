// Recipient export (issue 10): one ME-SMS message of EXPORT_ROWS recipients (default
// 1,000,000) in a `smsctl sandbox serve` of its own, read (a) by a plain undici loop over the
// same cursor pages that parses each page and writes nothing, and (b) by
// `smsctl recipients UUID --format csv --output FILE`. Paired rounds (EXPORT_ROUNDS, default 3),
// the loop first each time; printed: rows/s of both, the median of the round-by-round ratios
// (goal ≥ 0.90×) and the CLI's peak RSS. Run alone: npm run build && node scripts/bench-export.mjs
// (EXPORT_ROWS=100000 for a quick run; EXPORT_TO=stdout measures `> FILE` instead of --output,
// for builds that have no --output).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const rows = Number(process.env.EXPORT_ROWS ?? 1_000_000);
const rounds = Number(process.env.EXPORT_ROUNDS ?? 3);
const toStdout = process.env.EXPORT_TO === 'stdout';
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/smsctl.js');
const rssPreload = join(root, 'scripts/bench-rss.cjs');
const work = mkdtempSync(join(tmpdir(), 'smsctl-bench-export-'));
const mib = (n) => `${(n / 2 ** 20).toFixed(0)} MiB`;
const rate = (ms) => Math.round(rows / (ms / 1000));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs `node args…` with the RSS preload; stdout to `stdoutFile` when given. */
function measured(args, env, stdoutFile) {
  return new Promise((resolve, reject) => {
    const rssFile = join(work, `rss-${Math.random().toString(36).slice(2)}`);
    const fd = stdoutFile ? openSync(stdoutFile, 'w') : undefined;
    const t0 = performance.now();
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH, HOME: work, SMSCTL_CONFIG_DIR: join(work, 'config'), NODE_OPTIONS: `--require ${rssPreload}`, SMSCTL_BENCH_RSS_FILE: rssFile, ...env },
      stdio: ['ignore', fd ?? 'pipe', 'pipe'],
    });
    if (fd !== undefined) closeSync(fd);
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${args.slice(0, 3).join(' ')} … exited ${code}: ${err.slice(0, 500)}`));
      resolve({ ms, rss: Number(readFileSync(rssFile, 'utf8')), out });
    });
  });
}

const server = spawn(process.execPath, [bin, 'sandbox', 'serve', '--port', '0', '--delivery-delay', '0'], {
  env: { ...process.env, SMSCTL_CONFIG_DIR: join(work, 'sandbox') },
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  const url = await new Promise((resolve) => {
    let out = '';
    server.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  const me = (await (await fetch(`${url}/__sandbox/info`)).json()).providers.mesms;
  await fetch(`${url}/__sandbox/balance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'mesms', balance: rows * 2 }) });
  // One send of every number makes the message; one in 97 is a sandbox number that ends
  // failed, invalid, blocked, expired or timeout, so the statuses vary as a real export's do.
  const msisdns = Array.from({ length: rows }, (_, i) => (i % 97 === 0 ? `080000000${1 + ((i / 97) % 5)}` : `09${String(10_000_000 + i)}`));
  const sent = await fetch(`${me.baseUrl}/sms/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': me.apiKey },
    body: JSON.stringify({ sender: 'BENCH', content: 'export', msisdns }),
  });
  const uuid = (await sent.json()).result?.uuid;
  if (!uuid) throw new Error(`the sandbox did not accept the ${rows}-number send (HTTP ${sent.status})`);

  // The plain loop: undici, keep-alive, page after page, JSON.parse, nothing else.
  const loop = join(work, 'plain-loop.mjs');
  writeFileSync(
    loop,
    `import { createRequire } from 'node:module';
const { request } = createRequire(${JSON.stringify(join(root, 'package.json'))})('undici');
const [base, key, uuid] = process.argv.slice(2);
let after = 0;
let n = 0;
for (;;) {
  const res = await request(\`\${base}/sms/\${uuid}/recipients?after=\${after}&limit=50\`, { headers: { 'x-api-key': key } });
  const { result } = JSON.parse(await res.body.text());
  n += result.recipients.length;
  if (!result.hasMore) break;
  after = result.nextCursor;
}
console.log(n);
`,
  );
  const env = { SMSCTL_PROVIDER: 'mesms', SMSCTL_BASE_URL: me.baseUrl, SMSCTL_API_KEY: me.apiKey };
  const file = join(work, 'export.csv');
  const plain = [];
  const cli = [];
  for (let round = 0; round < rounds; round++) {
    const p = await measured([loop, me.baseUrl, me.apiKey, uuid], {});
    if (Number(p.out) !== rows) throw new Error(`the plain loop read ${p.out.trim()} rows, not ${rows}`);
    plain.push(p);
    rmSync(file, { force: true });
    const c = toStdout
      ? await measured([bin, 'recipients', uuid], env, file)
      : await measured([bin, 'recipients', uuid, '--format', 'csv', '--output', file], env);
    const lines = readFileSync(file, 'utf8').split('\n').length - 2; // header, trailing newline
    if (lines !== rows) throw new Error(`the export has ${lines} rows, not ${rows}`);
    cli.push({ ...c, bytes: statSync(file).size });
  }
  const best = (xs) => xs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const [p, c] = [best(plain), best(cli)];
  const ratio = median(cli.map((x, i) => plain[i].ms / x.ms));
  console.log(
    `recipients export of one ${rows.toLocaleString('en-US')}-recipient ME-SMS message from \`sandbox serve\` (${rounds} paired rounds): ` +
      `plain undici page loop ${(p.ms / 1000).toFixed(2)} s = ${rate(p.ms).toLocaleString('en-US')} rows/s; ` +
      `smsctl recipients ${toStdout ? '> FILE' : '--format csv --output FILE'} ${(c.ms / 1000).toFixed(2)} s = ${rate(c.ms).toLocaleString('en-US')} rows/s (${mib(c.bytes)} written), ` +
      `peak RSS ${mib(Math.max(...cli.map((x) => x.rss)))}; = ${ratio.toFixed(2)}× the loop's speed ` +
      `(median of rounds: ${cli.map((x, i) => (plain[i].ms / x.ms).toFixed(2)).join(', ')}) — goal ≥ 0.90×`,
  );
} finally {
  server.kill('SIGINT');
  await once(server, 'close');
  rmSync(work, { recursive: true, force: true });
}
