/**
 * What a person at a terminal sees: the summary and a confirmation that defaults to no,
 * the progress bar, colours only where wanted. Streams are faked TTYs, prompts scripted.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';

let sandbox: RunningSandbox;
let sends = 0;
let tmp: ReturnType<typeof tempConfigDir>;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, onRequest: (r) => (r.method === 'POST' && r.path.endsWith('/sms/send') ? sends++ : 0) });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sends = 0;
  tmp = tempConfigDir();
});
afterEach(() => tmp.cleanup());

const env = () => ({
  SMSCTL_PROVIDER: 'mesms',
  SMSCTL_BASE_URL: sandbox.info.providers.mesms.baseUrl,
  SMSCTL_API_KEY: sandbox.info.providers.mesms.apiKey,
  SMSCTL_SENDER: 'SHOP',
});
const ESC = '\u001b[';

describe('send on a terminal', () => {
  it('shows the summary, asks, and sends nothing when the answer is no (exit 2)', async () => {
    const r = await run(['send', '--csv', 'fixtures/contacts.csv', '--message-file', 'fixtures/message.txt'], { configDir: tmp.dir, tty: true, env: env(), answers: [false] });
    expect(r.prompts).toEqual([expect.stringMatching(/^Send to 282 recipients for \d+ credits via ME-SMS\?$/)]);
    expect(r.stderr).toMatch(/Recipients\s+.*282/);
    expect(r.stderr).toMatch(/Balance\s+.*100,000/);
    expect(r.stderr).toMatch(/… and 3 more invalid rows/);
    expect(r.code).toBe(2);
    // "No" is an answer, not an error.
    expect(r.stderr).toMatch(/^Nothing sent\.$/m);
    expect(r.stderr).not.toMatch(/smsctl: error/);
    expect(sends).toBe(0);
  });

  it('sends after yes, drawing a progress bar of recipients on stderr', async () => {
    const r = await run(['send', '--to', '0812345678,0812345679', '-m', 'hi'], { configDir: tmp.dir, tty: true, env: env(), answers: [true] });
    expect(r.code).toBe(0);
    expect(sends).toBe(1);
    expect(r.stderr).toMatch(/Sending .* 100% \| 2\/2 recipients/);
    expect(r.stdout).toBe('');
  });

  it('--yes skips the question', async () => {
    const r = await run(['send', '--to', '0812345678', '-m', 'hi', '--yes'], { configDir: tmp.dir, tty: true, env: env() });
    expect(r.code).toBe(0);
    expect(r.prompts).toEqual([]);
  });
});

describe('colours', () => {
  it.each([
    ['a terminal', true, {}, [], true],
    ['NO_COLOR', true, { NO_COLOR: '1' }, [], false],
    ['--no-color', true, {}, ['--no-color'], false],
    ['a pipe', false, {}, [], false],
    ['a pipe with FORCE_COLOR', false, { FORCE_COLOR: '1' }, [], true],
  ])('on %s: colour codes %s', async (_name, tty, extraEnv, flags, coloured) => {
    const r = await run([...flags, 'send', '--to', '0812345678,021234567', '-m', 'hi', '--dry-run'], { configDir: tmp.dir, tty, env: { ...env(), ...extraEnv } });
    expect(r.code).toBe(0);
    expect(r.stderr.includes(ESC)).toBe(coloured);
  });
});
