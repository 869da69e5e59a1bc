/**
 * The "Examples:" block of every command's --help, and the global flags a subcommand inherits.
 * One table, keyed by the command path without "smsctl" ("send", "profile add", …), so the
 * examples can be checked against the real command tree (test/cli/help.test.ts): a flag that
 * is renamed or a command that is added without examples fails the tests.
 *
 * Each example is the command exactly as a user types it; a comment follows after "  # ".
 */
import type { Command } from 'commander';

const RUN = '20261201T093000-a1b2c3';
const REF = '9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73';

export const EXAMPLES: Record<string, string[]> = {
  '': [
    'smsctl --profile sandbox send --csv fixtures/contacts.csv -m "สวัสดีคุณ{{name}}" --dry-run  # try it: no account needed',
    'smsctl profile add shop --provider sepsms --sender SHOP --default  # your own account (prompts for the key)',
    'smsctl send --csv customers.csv --message-file promo.txt',
    'smsctl help send',
  ],
  send: [
    `smsctl --profile sandbox send --to 0812345678 -m "สวัสดีครับ ทดสอบจาก smsctl" --yes  # try it on the built-in sandbox: nothing leaves your machine`,
    'smsctl send --to 0812345678,0898765432 --message "Your order has shipped"',
    'smsctl send --csv customers.csv --message "สวัสดีคุณ{{name}} แต้มของคุณ {{points}}"  # summary, then "Send? (y/N)"',
    'smsctl send --csv customers.csv --phone-column "Mobile No" --message-file promo.txt --dry-run  # everything but the sending',
    'smsctl send --csv customers.csv -m "ลดทุกรายการ 10% วันนี้เท่านั้น" --schedule "2026-12-01 10:00"  # Bangkok time',
    'smsctl send --csv customers.csv -m "สวัสดี {{name}}" --report result.csv  # one row per input row, with its outcome',
    'cat list.csv | smsctl send --csv - -m "Your code is ready" --yes --json  # stdin, no prompt, JSON out (cron)',
    'smsctl send --resume  # continue the newest unfinished run',
    `smsctl send --resume ${RUN} --resend-unknown --yes  # also resend unknown outcomes: some may get it twice`,
    'smsctl --profile tbs send --csv customers.csv -m "Your order has shipped" --callback-url https://example.com/hooks/tbs  # ThaiBulkSMS reports each result there',
    'smsctl --profile tbs send --csv customers.csv -m "Sale today" --credit-type corporate --tag spring --shorten-urls  # ThaiBulkSMS only',
    'smsctl --profile sandbox send --group 2 --template-id 2 --var name=Team --var order=A1  # ME-SMS: a contact group and a saved template',
    'smsctl --profile shop send --csv customers.csv -m "สวัสดีคุณ{{name}}" --personalise provider --dry-run --json  # SEPSMS fills each name: see the bodies',
  ],
  balance: [
    'smsctl balance  # remaining credit of the default profile',
    'smsctl --profile sandbox balance  # the sandbox has credit too, no account needed',
    'smsctl balance --json  # {"balance": 18420, ...}',
  ],
  runs: [
    'smsctl runs list  # every send recorded on this machine',
    `smsctl runs show ${RUN} --report result.csv`,
    `smsctl runs close ${RUN}  # accept it as it is`,
  ],
  'runs list': [
    'smsctl runs list  # id, status, created, profile, provider, recipients by state',
    `smsctl runs list --json | jq '.runs[] | select(.status == "unfinished")'`,
  ],
  'runs show': [
    `smsctl runs show ${RUN}  # what was asked, each state, the resume command`,
    `smsctl runs show ${RUN} --report result.csv  # the per-row report, from the journal`,
    `smsctl runs show ${RUN} --json`,
  ],
  'runs close': [
    `smsctl runs close ${RUN}  # only unknown outcomes left, and you will not risk sending them twice`,
    `smsctl runs close ${RUN} --json`,
  ],
  status: [
    'smsctl status  # delivery status of the newest run',
    'smsctl --profile sandbox status --watch  # follow it until every recipient has a final status',
    'smsctl status --watch --timeout 600 --json  # cron: exit 0 all final, 9 not yet',
    `smsctl status ${RUN} --json  # one run by id`,
    `smsctl status ${REF}  # one message reference (SEPSMS, ME-SMS)`,
  ],
  recipients: [
    `smsctl recipients ${REF}  # an aligned table on a terminal, CSV when piped`,
    `smsctl recipients ${REF} --output report.csv  # every page; the file appears only once complete`,
    `smsctl recipients ${RUN} --format ndjson > run.ndjson  # every message of a run, with a reference field`,
    `smsctl recipients ${REF} --status failed --json  # the failed numbers, as one JSON document`,
    `smsctl recipients ${REF} --after 4850 >> report.csv  # continue a stopped export (no header line)`,
    `smsctl recipients ${REF} --search 0812 --limit 100`,
  ],
  cancel: [
    `smsctl cancel ${REF}  # shows sender, time, recipients and refund, then asks`,
    `smsctl cancel ${REF} --yes  # no terminal: --yes is required`,
    `smsctl --profile shop cancel ${REF} --json`,
  ],
  mcp: [
    'smsctl --profile sandbox mcp  # try it: every tool against the sandbox, sending off',
    'smsctl --profile shop mcp --allow-send --max-recipients 5 --max-credits 10  # real sends, capped per call',
  ],
  'preview-cost': [
    'smsctl --profile sandbox preview-cost --csv fixtures/contacts.csv -m "สวัสดีคุณ{{name}}"  # nothing sent',
    'smsctl preview-cost --to 0812345678,0898765432 --message-file promo.txt --json',
    'smsctl preview-cost --group 1 -m "ลดทุกรายการ 10%"  # an ME-SMS contact group: ME-SMS counts it',
  ],
  messages: [
    'smsctl messages  # the 20 newest messages on the account (ME-SMS)',
    'smsctl messages --status scheduled --from "2026-12-01" --to "2026-12-31 23:59"  # Bangkok time',
    'smsctl messages --sender SHOP --search promo --all --json',
  ],
  senders: [
    'smsctl senders  # sender names and their status: only approved ones can send (ME-SMS)',
    'smsctl --profile sandbox senders --json',
  ],
  otp: [
    'smsctl --profile dev otp test 0812345678  # the whole path at the terminal: send, type the code, verify',
    'smsctl otp send 0812345678  # prints the reference that `otp verify` needs',
    'smsctl otp verify A3K9X2 123456  # exit 0 verified, 10 not (and why)',
  ],
  'otp send': [
    'smsctl otp send 0812345678  # SEPSMS or ThaiBulkSMS profile; prints the reference',
    'smsctl otp send 0812345678 > ref.txt  # stdout is the reference alone; the rest goes to stderr',
    'smsctl --profile dev otp send 0812345678 --json  # dev: profile add dev --provider sepsms --sandbox',
    'smsctl otp send 0812345678 --template "รหัส OTP ของคุณคือ {code} (อ้างอิง {ref})" --ttl 300 --length 6  # SEPSMS only',
  ],
  'otp verify': [
    'smsctl otp verify A3K9X2 123456  # exit 0 verified, 10 not: wrong, expired, already used',
    'smsctl otp verify A3K9X2  # asks for the code, masked, on a terminal',
    'smsctl --profile dev otp verify A3K9X2 123456 --json  # {"verified":false,"reason":"wrong",…} on exit 10',
  ],
  'otp test': [
    'smsctl --profile dev otp test 0812345678  # send, countdown, type the code, verify; timings at the end',
    'smsctl otp test 0812345678 --attempts 5 --ttl 120  # a real SEPSMS account: the code comes to your phone',
    'smsctl --profile dev otp test 0812345678 --auto --json  # sandbox profiles: the code read from the inbox (CI)',
  ],
  profile: [
    'smsctl profile add shop --provider sepsms --sender SHOP --default  # prompts for the API key (masked)',
    'smsctl profile list',
    'smsctl profile use shop  # make it the default',
    'smsctl profile test shop  # prove the keys work',
  ],
  'profile edit': [
    'smsctl profile edit shop --sender SHOP2          # change one setting, keep the keys',
    'smsctl profile edit tbs --set-key api-secret     # replace one key (masked prompt)',
    'smsctl profile edit me --unset base-url          # back to the provider\'s own address',
    'smsctl profile edit shop --set-key webhook-secret  # for smsctl webhook (masked prompt)',
  ],
  'profile add': [
    'smsctl profile add shop --provider sepsms --sender SHOP --default  # prompts for the API key (masked)',
    'smsctl profile add tbs --provider thaibulksms  # prompts for key, secret, OTP key/secret',
    'smsctl profile add dev --provider sepsms --sandbox  # the built-in emulator, no keys',
    'smsctl profile add shop --provider sepsms --webhook-secret  # also the webhook signing secret (masked)',
    'smsctl profile add me --provider mesms --sender MYSHOP --base-url https://me-sms.com/api/v2 --rate 60/min',
    `printf '%s\\n%s\\n' "$TBS_KEY" "$TBS_SECRET" | smsctl profile add tbs --provider thaibulksms --secrets-stdin --force`,
  ],
  'profile list': [
    'smsctl profile list  # * marks the default; keys masked',
    'smsctl profile ls --json',
  ],
  'profile show': [
    'smsctl profile show shop',
    'smsctl profile show sandbox --json  # the built-in profile',
  ],
  'profile use': [
    'smsctl profile use shop  # make it the default',
    'smsctl profile use sandbox  # back to the built-in emulator',
  ],
  'profile remove': [
    'smsctl profile remove dev',
    'smsctl profile rm old-shop',
  ],
  'profile test': [
    'smsctl profile test shop  # asks the provider for the balance',
    'smsctl profile test tbs --json',
  ],
  sandbox: [
    'smsctl sandbox serve --port 8787  # the emulator as an HTTP server, until Ctrl-C',
    'smsctl sandbox inbox --msisdn 0812345678  # what the phone received',
  ],
  'sandbox serve': [
    'smsctl sandbox serve  # http://127.0.0.1:8787, state in memory',
    'smsctl sandbox serve --port 0 --state sandbox-state.json --seed 42  # a free port, kept state, repeatable codes',
    'smsctl sandbox serve --latency 200 --delivery-delay 5000  # slow answers, slow delivery reports',
    'smsctl sandbox serve --otp-ttl 10  # OTP codes that expire in 10 s, to see expiry handled',
    'smsctl sandbox serve --host 127.0.0.1 --port 8787  # then: profile add dev --provider sepsms --sandbox --base-url http://127.0.0.1:8787',
    'smsctl sandbox serve --webhook http://127.0.0.1:4000/  # signed SEPSMS events to `webhook listen --port 4000`',
    'smsctl sandbox serve --host 0.0.0.0 --allow-host sandbox  # reachable by other machines: prints a warning and an admin token',
  ],
  'sandbox open': [
    'smsctl sandbox open  # prints http://127.0.0.1:8787/, starting a sandbox there when none answers',
    'smsctl sandbox open --browser  # and opens it in the default browser',
    'smsctl sandbox open --url http://192.168.1.20:8787  # a sandbox serve elsewhere (SMSCTL_SANDBOX_TOKEN for its admin token)',
  ],
  'sandbox inbox': [
    'smsctl sandbox inbox --msisdn 0812345678  # e.g. read the OTP code a phone would have received',
    'smsctl sandbox inbox --url http://127.0.0.1:8787 --follow  # a running `sandbox serve`, until Ctrl-C',
    'smsctl sandbox inbox --json',
  ],
  webhook: [
    'smsctl webhook listen --port 4000 --forward-to http://127.0.0.1:3000/hooks/sepsms  # verify, show, forward',
    'smsctl webhook trigger dr.success --to http://127.0.0.1:3000/hooks/sepsms  # a signed sample at your receiver',
  ],
  'webhook listen': [
    'SMSCTL_WEBHOOK_SECRET=whsec_… smsctl webhook listen  # http://127.0.0.1:4000/, until Ctrl-C',
    'smsctl webhook listen --port 4000 --forward-to http://127.0.0.1:3000/hooks/sepsms  # each verified event on to your app',
    'smsctl --profile shop webhook listen --port 0 --path /hooks --json  # the profile\'s webhook secret; one JSON line per event',
  ],
  'webhook verify': [
    'smsctl webhook verify --signature "t=1737020405,v1=5f0e…" --body-file body.json  # exit 0 valid, 3 not (and why)',
    'smsctl webhook verify --signature "$SIG" --timestamp 1737020405 --body-file - --tolerance 86400 < body.json',
  ],
  'webhook trigger': [
    'smsctl webhook trigger dr.success --to http://127.0.0.1:3000/hooks/sepsms',
    'smsctl webhook trigger dr.failed --to https://staging.example.com/hooks --data msisdn=66812345678 --data status=expired',
    `smsctl webhook trigger sms.completed --to http://127.0.0.1:3000/hooks --data 'drSummary:=[{"status":"success","count":2}]'`,
  ],
  'sandbox webhooks': [
    'smsctl sandbox webhooks add http://127.0.0.1:4000/  # then: smsctl webhook listen --port 4000 --secret <the printed secret>',
    'smsctl sandbox webhooks list --url http://127.0.0.1:8787  # the receivers of a running `sandbox serve`',
  ],
  'sandbox webhooks add': [
    'smsctl sandbox webhooks add http://127.0.0.1:4000/  # every event, a new whsec_… secret shown once',
    'smsctl sandbox webhooks add http://127.0.0.1:4000/hooks --events dr.success,dr.failed --secret whsec_mytestsecret',
    'smsctl sandbox webhooks add http://127.0.0.1:4000/ --url http://127.0.0.1:8787 --json  # on a running `sandbox serve`',
  ],
  'sandbox webhooks list': [
    'smsctl sandbox webhooks list  # the embedded sandbox\'s receivers, secrets masked',
    'smsctl sandbox webhooks list --url http://127.0.0.1:8787 --json',
  ],
  'sandbox webhooks remove': [
    'smsctl sandbox webhooks remove wh_3f9a2c1b7d4e  # the id `list` shows',
    'smsctl sandbox webhooks remove http://127.0.0.1:4000/ --url http://127.0.0.1:8787',
  ],
  completion: [
    'smsctl completion bash > ~/.local/share/bash-completion/completions/smsctl',
    'smsctl completion zsh > "${fpath[1]}/_smsctl"  # then start a new shell',
    'smsctl completion fish > ~/.config/fish/completions/smsctl.fish',
  ],
};

/** The command path without "smsctl": "profile add". */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** [command, comment] of one example line; the comment starts at the first "  # " outside quotes. */
export function splitComment(line: string): [string, string | undefined] {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && line.slice(i - 2, i) === '  ') return [line.slice(0, i).trimEnd(), line.slice(i + 1).trim()];
  }
  return [line, undefined];
}

/**
 * The "Examples:" block. When every line fits in 80 columns, comments are aligned after
 * their commands; otherwise each comment goes on its own line above its command, with a
 * blank line between examples.
 */
export function formatExamples(lines: readonly string[]): string {
  const split = lines.map(splitComment);
  // Thai vowel and tone marks take no column of their own.
  const columns = (s: string) => s.replace(/\p{M}/gu, '').length;
  const commented = split.filter(([, c]) => c !== undefined);
  const width = Math.max(0, ...commented.map(([c]) => columns(c)));
  const fits =
    split.every(([c]) => 2 + columns(c) <= 80) && commented.every(([, comment]) => 2 + width + 4 + columns(comment!) <= 80);
  const rows: string[] = [];
  for (const [c, comment] of split) {
    if (fits) rows.push(comment === undefined ? c : `${c}${' '.repeat(width - columns(c))}  # ${comment}`);
    else {
      if (rows.length) rows.push('');
      if (comment !== undefined) rows.push(`# ${comment}`);
      rows.push(c);
    }
  }
  return `\nExamples:\n${rows.map((r) => (r ? `  ${r}` : '')).join('\n')}`;
}

/**
 * Adds the examples of `cmd` (when it has any) after its help, and lists the global flags
 * (--profile, --verbose, --no-color) that every subcommand inherits.
 */
export function addHelp(cmd: Command): void {
  if (cmd.parent) cmd.configureHelp({ ...cmd.configureHelp(), showGlobalOptions: true });
  const examples = EXAMPLES[commandPath(cmd)];
  if (examples?.length) cmd.addHelpText('after', formatExamples(examples));
}
