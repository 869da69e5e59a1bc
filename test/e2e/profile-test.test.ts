/**
 * `profile test NAME`: a server that is down is "cannot reach <host>" (exit 7), not a send
 * that "sent nothing"; for ME-SMS, whose balance any valid key may read, a dry-run send
 * proves the key has the sms:send scope (a read-only key used to pass, and the next send
 * failed with 403). Against the sandbox over real HTTP.
 */
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { SANDBOX_KEYS } from '../../src/sandbox/keys.js';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';

let sandbox: RunningSandbox;
const sends: { body: string }[] = [];
let tmp: ReturnType<typeof tempConfigDir>;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, balances: { mesms: 777 }, onRequest: (r) => (r.method === 'POST' && r.path.endsWith('/sms/send') ? sends.push({ body: r.body }) : 0) });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sends.length = 0;
  tmp = tempConfigDir();
});
afterEach(() => tmp.cleanup());

async function add(name: string, key: string, ...flags: string[]): Promise<void> {
  const r = await run(['profile', 'add', name, '--provider', 'mesms', '--base-url', sandbox.info.providers.mesms.baseUrl, ...flags], { configDir: tmp.dir, env: { SMSCTL_API_KEY: key } });
  expect(r.code, r.stderr).toBe(0);
}

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('profile test', () => {
  it('a server that is down: "cannot reach <host>", exit 7, NETWORK_UNREACHABLE, never "nothing was sent"', async () => {
    const port = await closedPort();
    const r0 = await run(['profile', 'add', 'down', '--provider', 'sepsms', '--base-url', `http://127.0.0.1:${port}/api/v2`], { configDir: tmp.dir, env: { SMSCTL_API_KEY: 'sk_sep_0123456789abcdef01' } });
    expect(r0.code).toBe(0);
    const r = await run(['profile', 'test', 'down'], { configDir: tmp.dir });
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(new RegExp(`^smsctl: error: cannot reach 127\\.0\\.0\\.1:${port} \\(SEPSMS\\): ECONNREFUSED: connection refused; the keys were not checked$`, 'm'));
    expect(r.stderr).not.toMatch(/nothing was sent/);
    const j = await run(['profile', 'test', 'down', '--json'], { configDir: tmp.dir });
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, error: { kind: 'provider', code: 'NETWORK_UNREACHABLE' } });
  });

  it('ME-SMS, a key with the send scope: OK, the send checked by a dry run that sends and spends nothing', async () => {
    await add('good', SANDBOX_KEYS.mesms.apiKey, '--sender', 'SHOP');
    const r = await run(['profile', 'test', 'good'], { configDir: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^OK: ME-SMS accepted the keys of good \(balance 777 credits\)$/m);
    expect(r.stdout).toMatch(/^Send access: OK \(ME-SMS accepted a dry-run send from SHOP; nothing was sent\)$/m);
    expect(sends).toHaveLength(1);
    expect(JSON.parse(sends[0]!.body)).toMatchObject({ dryRun: true, sender: 'SHOP' });
    const balance = await run(['--profile', 'good', 'balance', '--json'], { configDir: tmp.dir });
    expect(JSON.parse(balance.stdout)).toMatchObject({ balance: 777 });
  });

  it('ME-SMS, a read-only key (reads the balance, may not send): exit 4 naming the sms:send scope', async () => {
    await add('ro', SANDBOX_KEYS.mesms.readOnlyApiKey, '--sender', 'SHOP');
    const r = await run(['profile', 'test', 'ro'], { configDir: tmp.dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/ME-SMS accepted the keys of ro but refused a dry-run send \(HTTP 403 FORBIDDEN\): the key lacks the sms:send scope/);
    expect(r.stderr).toMatch(/smsctl profile edit ro --set-key api-key/);
    expect(r.stdout + r.stderr).not.toContain(SANDBOX_KEYS.mesms.readOnlyApiKey);
    const j = await run(['profile', 'test', 'ro', '--json'], { configDir: tmp.dir });
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, error: { kind: 'auth', code: 'KEY_CANNOT_SEND', status: 403 } });
  });

  it('ME-SMS without a default sender: OK, and says the send access was not checked', async () => {
    await add('nosender', SANDBOX_KEYS.mesms.readOnlyApiKey);
    const r = await run(['profile', 'test', 'nosender'], { configDir: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Send access: not checked, the profile has no default sender/);
    expect(sends).toHaveLength(0);
  });

  it('--json keeps its documented fields; the send check is a note on stderr', async () => {
    await add('good', SANDBOX_KEYS.mesms.apiKey, '--sender', 'SHOP');
    const r = await run(['profile', 'test', 'good', '--json'], { configDir: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, profile: 'good', provider: 'mesms', balance: 777 });
    expect(r.stderr).toMatch(/Send access: OK/);
  });
});
