// The README's quick start: send fixtures/contacts.csv through the embedded sandbox,
// then wait for and print the delivery status. No account, no network, no setup.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const smsctl = (...args) => spawnSync(process.execPath, ['bin/smsctl.js', '--profile', 'sandbox', ...args], { cwd: root, stdio: 'inherit' });

const send = smsctl('send', '--csv', 'fixtures/contacts.csv', '--message-file', 'fixtures/message.txt', '--yes');
// 8 = partial: the fixture has no failing requests, so anything but 0 is a real problem.
if (send.status !== 0) process.exit(send.status ?? 1);
console.error('\nWaiting for delivery reports…');
const status = smsctl('status', '--watch', '--timeout', '60');
if (status.status !== 0) process.exit(status.status ?? 1);
console.error('\nRead what a phone received:  node bin/smsctl.js sandbox inbox --msisdn 0822345788');
