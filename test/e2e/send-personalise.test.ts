/**
 * SEPSMS `--personalise provider`: one request per batch with the template and each
 * recipient's `variables` (this project's assumed shape, which the sandbox implements),
 * against the default `local` (one request per distinct text); the summary's duration at the
 * rate limit and the option's name; `--dry-run --json` shows the exact bodies either way.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempConfigDir } from '../helpers/cli.js';

let tmp: ReturnType<typeof tempConfigDir>;
let csv: string;
beforeEach(async () => {
  tmp = tempConfigDir();
  csv = join(tmp.dir, 'people.csv');
  writeFileSync(csv, 'phone,name\n0812345678,Somchai\n0898765432,Malee\n0811111111,Somchai\n0822222222,Nok\n');
  expect((await runCli(['profile', 'add', 'sep', '--provider', 'sepsms', '--sandbox'], { configDir: tmp.dir })).code).toBe(0);
});
afterEach(() => tmp.cleanup());

const sep = (args: string[]) => runCli(['--profile', 'sep', ...args], { configDir: tmp.dir });
const inbox = async (msisdn: string, text: string) => {
  let out = '';
  for (let i = 0; i < 20 && !out.includes(text); i++) {
    if (i) await new Promise((r) => setTimeout(r, 500));
    out = (await sep(['sandbox', 'inbox', '--msisdn', msisdn])).stdout;
  }
  return out;
};

describe('send --personalise (SEPSMS)', () => {
  it('local (default): one request per distinct text, each body exactly what is sent; the summary names the option', async () => {
    const dry = await sep(['send', '--csv', csv, '-m', 'Hi {{name}}', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const doc = JSON.parse(dry.stdout);
    expect(doc.requestsPlanned).toBe(3);
    expect(doc.requests.map((r: { body: { message: string } }) => r.body.message)).toEqual(['Hi Somchai', 'Hi Malee', 'Hi Nok']);
    expect(doc.requests[0].body).toEqual({ origin: 'SMSCTL', message: 'Hi Somchai', scheduledTime: null, recipients: ['66812345678', '66811111111'] });
    expect(doc.personalise).toBeUndefined();
    const human = await sep(['send', '--csv', csv, '-m', 'Hi {{name}}', '--dry-run']);
    expect(human.stderr).toMatch(/Personalised\s+here: one request per distinct text; --personalise provider sends 1 instead/);
  });

  it('provider: one request with the template and variables keyed by number; the texts arrive filled', async () => {
    const dry = await sep(['send', '--csv', csv, '-m', 'Hi {{name}}', '--personalise', 'provider', '--dry-run', '--json']);
    const doc = JSON.parse(dry.stdout);
    expect(doc).toMatchObject({ personalise: 'provider', requestsPlanned: 1, credits: 4, distinctTexts: 3, requestsOmitted: 0 });
    expect(doc.requests[0].body).toEqual({
      origin: 'SMSCTL',
      message: 'Hi {{name}}',
      variables: { '66812345678': { name: 'Somchai' }, '66811111111': { name: 'Somchai' }, '66898765432': { name: 'Malee' }, '66822222222': { name: 'Nok' } },
      scheduledTime: null,
      recipients: ['66812345678', '66811111111', '66898765432', '66822222222'],
    });
    const r = await sep(['send', '--csv', csv, '-m', 'Hi {{name}}', '--personalise', 'provider', '--batch-size', '3', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ requestsPlanned: 2, sent: { requests: 2, recipients: 4 } });
    // Recorded in the run, so --resume sends the same requests.
    const runs = join(tmp.dir, 'runs');
    const id = readdirSync(runs).filter((d) => /^\d{8}T/.test(d)).sort().at(-1)!;
    expect(JSON.parse(readFileSync(join(runs, id, 'run.json'), 'utf8'))).toMatchObject({ personalise: 'provider', message: 'Hi {{name}}' });
    expect(await inbox('0822222222', 'Hi Nok')).toContain('Hi Nok');
    expect(await inbox('0811111111', 'Hi Somchai')).toContain('Hi Somchai');
  });

  it('a long personalised list: the summary gives the duration at 120 sends a minute; the dry run shows 5 bodies and says how many more', async () => {
    const big = join(tmp.dir, 'big.csv');
    writeFileSync(big, `phone,code\n${Array.from({ length: 1200 }, (_, i) => `0812${String(i).padStart(6, '0')},C${i}`).join('\n')}\n`);
    const human = await sep(['send', '--csv', big, '-m', 'Code {{code}}', '--dry-run']);
    expect(human.stderr).toMatch(/Personalised\s+here: one request per distinct text, at least 10 min 0 s at 120\/min; --personalise provider sends 1 instead/);
    const doc = JSON.parse((await sep(['send', '--csv', big, '-m', 'Code {{code}}', '--dry-run', '--json'])).stdout);
    expect(doc.requests).toHaveLength(5);
    expect(doc.requestsOmitted).toBe(1195);
    const provider = JSON.parse((await sep(['send', '--csv', big, '-m', 'Code {{code}}', '--personalise', 'provider', '--dry-run', '--json'])).stdout);
    expect(provider.requests[0]).toMatchObject({ recipients: 1200, numbersOmitted: 1180 });
    expect(provider.requests[0].body.recipients).toHaveLength(20);
    expect(Object.keys(provider.requests[0].body.variables)).toHaveLength(20);
  });

  it('other providers and bad values: exit 2', async () => {
    const me = await runCli(['--profile', 'sandbox', 'send', '--csv', csv, '-m', 'Hi {{name}}', '--personalise', 'provider', '--yes'], { configDir: tmp.dir });
    expect(me.code).toBe(2);
    expect(me.stderr).toMatch(/--personalise provider: ME-SMS takes no per-recipient variables \(only SEPSMS does\)/);
    const bad = await sep(['send', '--csv', csv, '-m', 'Hi {{name}}', '--personalise', 'server', '--yes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--personalise server: expected local or provider/);
  });
});
