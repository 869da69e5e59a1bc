/**
 * What a provider refuses comes back in the words the user typed: the flag or argument, not
 * the API field the provider named (a refusal local checks cannot foresee).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempConfigDir } from '../helpers/cli.js';
import { run } from '../helpers/context.js';
import { startTestServer } from '../helpers/http-server.js';
import type { TestServer } from '../helpers/http-server.js';

let server: TestServer;
let tmp: ReturnType<typeof tempConfigDir>;
beforeEach(async () => {
  server = await startTestServer();
  tmp = tempConfigDir();
});
afterEach(async () => {
  await server.close();
  tmp.cleanup();
});

const env = () => ({ SMSCTL_PROVIDER: 'sepsms', SMSCTL_API_KEY: 'sk_sep_test_000000000000', SMSCTL_BASE_URL: server.url, SMSCTL_SENDER: 'SHOP' });
const refusal = (message: string) => ({ status: 400, body: { success: false, error: { code: 'validation.failed', message } } });

describe('provider refusals name the flag', () => {
  it.each([
    ['template is too long', ['send', '0812345678', '--template', '{code}'], '--template'],
    ['ttlSeconds must be an integer from 60 to 600', ['send', '0812345678', '--ttl', '300'], '--ttl'],
    ['codeLength is not allowed for this account', ['send', '0812345678', '--length', '6'], '--length'],
    ['origin is not an approved sender', ['send', '0812345678'], '--sender'],
    ['destination is invalid', ['send', '0812345678'], 'NUMBER'],
    ['pin must be digits', ['verify', 'A3K9X2', 'abcd'], 'CODE'],
  ])('"%s" → %s', async (message, args, flag) => {
    server.reply(refusal(message));
    const r = await run(['otp', ...args], { configDir: tmp.dir, env: env() });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`smsctl: error: SEPSMS refused ${flag}: ${JSON.stringify(message)} (HTTP 400 validation.failed)\n`);
  });
});
