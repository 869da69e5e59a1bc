/**
 * ME-SMS contact groups (`send --group` → `contactGroupId`) and saved templates
 * (`--template-id` + `--var` → `templateId` + `variables`), against the sandbox's seeded
 * groups and templates: the counts come from the provider's dry run, the texts arrive filled,
 * conflicting flags and other providers are exit 2.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempConfigDir } from '../helpers/cli.js';

let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => {
  tmp = tempConfigDir();
});
afterEach(() => tmp.cleanup());

const sb = (args: string[]) => runCli(['--profile', 'sandbox', ...args], { configDir: tmp.dir });
/** The number's inbox once it holds `text` (deliveries arrive after the sandbox's short delay), or as it is after 10 s. */
const inbox = async (msisdn: string, text: string) => {
  let out = '';
  for (let i = 0; i < 20 && !out.includes(text); i++) {
    if (i) await new Promise((r) => setTimeout(r, 500));
    out = (await sb(['sandbox', 'inbox', '--msisdn', msisdn])).stdout;
  }
  return out;
};
const header = () => {
  const runs = join(tmp.dir, 'runs');
  return JSON.parse(readFileSync(join(runs, readdirSync(runs).filter((d) => /^\d{8}T/.test(d)).sort().at(-1)!, 'run.json'), 'utf8'));
};

describe('send --group (ME-SMS contact groups)', () => {
  it('the recipient count is the provider\'s (dry run), one request with contactGroupId, and it arrives', async () => {
    const dry = await sb(['send', '--group', '2', '-m', 'staff meeting at 3', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ contactGroupId: 2, recipients: { valid: 3 }, credits: 3, requestsPlanned: 1 });
    const r = await sb(['send', '--group', '2', '-m', 'staff meeting at 3', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Contact group\s+2 — 3 recipients, as ME-SMS counts them \(asked with a dry run\)/);
    expect(header()).toMatchObject({ contactGroupId: 2 });
    expect(await inbox('0812345678', 'staff meeting at 3')).toContain('staff meeting at 3');
  });

  it.each([
    [['--group', '2', '--to', '0812345678', '-m', 'x'], 2, /give --group, or --to \/ --csv, not both/],
    [['--group', '2', '-m', 'hi {{name}}'], 3, /--group has no columns to fill it from/],
    [['--group', 'x', '-m', 'hi'], 2, /--group/],
  ])('%j: exit %i', async (flags, code, message) => {
    const r = await sb(['send', ...flags, '--yes']);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });

  it('a group the account does not have is the provider\'s refusal (exit 3), nothing sent', async () => {
    const r = await sb(['send', '--group', '99', '-m', 'x', '--yes']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/CONTACT_GROUP_NOT_FOUND/);
  });

  it('other providers: exit 2 naming ME-SMS', async () => {
    expect((await runCli(['profile', 'add', 'sep', '--provider', 'sepsms', '--sandbox'], { configDir: tmp.dir })).code).toBe(0);
    const r = await runCli(['--profile', 'sep', 'send', '--group', '2', '-m', 'x', '--yes'], { configDir: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--group: SEPSMS takes no contact groups \(only ME-SMS does\)/);
    const t = await runCli(['--profile', 'sep', 'send', '--to', '0812345678', '--template-id', '2', '--yes'], { configDir: tmp.dir });
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/--template-id: SEPSMS takes no saved templates \(only ME-SMS does\)/);
  });
});

describe('send --template-id (ME-SMS saved templates)', () => {
  it('--var values fill the template; with --csv, one request per distinct variable set', async () => {
    const csv = join(tmp.dir, 'orders.csv');
    writeFileSync(csv, 'phone,name,order\n0812345678,Somchai,A1\n0898765432,Malee,B2\n0811111111,Somchai,A1\n');
    const r = await sb(['send', '--csv', csv, '--template-id', '2', '--var', 'name={{name}}', '--var', 'order={{order}}', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ templateId: '2', distinctTexts: 2, requestsPlanned: 2, credits: 3, sent: { recipients: 3 } });
    expect(header()).toMatchObject({ templateId: '2' });
    expect(await inbox('0898765432', 'Hi Malee, your order B2 has shipped')).toContain('Hi Malee, your order B2 has shipped');
    expect(await inbox('0811111111', 'Hi Somchai, your order A1 has shipped')).toContain('Hi Somchai, your order A1 has shipped');
  });

  it('the same variables for every --to number: one request; the summary names the template', async () => {
    const r = await sb(['send', '--to', '0812345678,0898765432', '--template-id', '1', '--var', 'name=Toon', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Template\s+1 \(saved on ME-SMS\), one variable set/);
    expect(await inbox('0898765432', 'สวัสดีคุณToon ยินดีต้อนรับ')).toContain('สวัสดีคุณToon ยินดีต้อนรับ');
  });

  it('a template and a group together', async () => {
    const r = await sb(['send', '--group', '2', '--template-id', '3', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(await inbox('0898765432', 'Sale today only')).toContain('Sale today only');
  });

  it.each([
    [['--to', '0812345678', '--template-id', '2', '-m', 'hi'], 2, /give --template-id or --message, not both/],
    [['--to', '0812345678', '-m', 'hi', '--var', 'a=b'], 2, /--var fills a saved template: it goes with --template-id/],
    [['--to', '0812345678', '--template-id', '2', '--var', 'oops'], 2, /--var oops: expected KEY=VALUE/],
    [['--to', '0812345678', '--template-id', '7'], 3, /TEMPLATE_NOT_FOUND/],
    [['--to', '0812345678', '--template-id', '2', '--var', 'name=A'], 3, /TEMPLATE_VARIABLE_MISSING.*order/],
  ])('%j: exit %i', async (flags, code, message) => {
    const r = await sb(['send', ...flags, '--yes']);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });
});
