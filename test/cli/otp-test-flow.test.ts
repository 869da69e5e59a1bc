/**
 * The choices of `otp test` after a wrong code, with scripted answers (in-process, a fake
 * terminal): the --attempts limit and "Stop here" end with exit 10 and the reason.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';
import { sandbox } from '../sandbox/helpers.js';

let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(() => (tmp = tempConfigDir()));
afterEach(() => tmp.cleanup());

async function devProfile(): Promise<void> {
  const s = await sandbox();
  expect((await run(['profile', 'add', 'dev', '--provider', 'sepsms', '--sandbox', '--base-url', s.url, '--sender', 'SHOP'], { configDir: tmp.dir })).code).toBe(0);
}

describe('otp test after a wrong code', () => {
  it('--attempts wrong codes: exit 10, "Not verified: 2 wrong codes"', async () => {
    await devProfile();
    // Letters are never a code.
    const r = await run(['--profile', 'dev', 'otp', 'test', '0812345678', '--attempts', '2'], { configDir: tmp.dir, tty: true, answers: ['x', 'retry', 'y'] });
    expect(r.code).toBe(10);
    expect(r.prompts).toEqual(['Code (ref ' + /ref (\w+)/.exec(r.prompts[0]!)![1] + '):', 'Wrong code. 1 try left:', r.prompts[0]]);
    expect(r.stderr).toMatch(/Timing: send .*, verify .*\.\nNot verified: 2 wrong codes \(--attempts 2\)\.\n$/);
    expect(r.stdout).toBe('');
  });

  it('"Stop here": exit 10 with why', async () => {
    await devProfile();
    const r = await run(['--profile', 'dev', 'otp', 'test', '0812345678'], { configDir: tmp.dir, tty: true, answers: ['x', 'stop'] });
    expect(r.code).toBe(10);
    expect(r.stderr).toMatch(/Not verified: the code is wrong \(4 more tries before this code stops working\)\.\n$/);
  });
});
