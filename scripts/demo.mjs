// The README's quick start: send fixtures/contacts.csv through the embedded sandbox,
// then wait for and print the delivery status. No account, no network, no setup.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Its own two lines in the user's language too (npm install builds dist/ first).
const { t, useLanguage } = await import('../dist/i18n/index.js');
const { chooseLanguage } = await import('../dist/i18n/lang.js');
const { resolveConfigDir } = await import('../dist/config/paths.js');
await useLanguage(chooseLanguage([], process.env, resolveConfigDir(process.env)).lang);
const smsctl = (...args) => spawnSync(process.execPath, ['bin/smsctl.js', '--profile', 'sandbox', ...args], { cwd: root, stdio: 'inherit' });

const send = smsctl('send', '--csv', 'fixtures/contacts.csv', '--message-file', 'fixtures/message.txt', '--yes');
// 8 = partial: the fixture has no failing requests, so anything but 0 is a real problem.
if (send.status !== 0) process.exit(send.status ?? 1);
console.error(`\n${t('demo.waiting')}`);
const status = smsctl('status', '--watch', '--timeout', '60');
if (status.status !== 0) process.exit(status.status ?? 1);
console.error(`\n${t('demo.inbox', { command: 'node bin/smsctl.js sandbox inbox --msisdn 0822345788' })}`);
