/**
 * The comments of the --help examples (src/cli/examples.ts holds the commands, which are the
 * same in every language): `help.example.<command path>.<line>`, each under the command it
 * explains.
 */
export const cliExamples = {
  // smsctl --help
  /** smsctl --profile sandbox send --csv fixtures/contacts.csv -m "สวัสดีคุณ{{name}}" --dry-run */
  'help.example.root.1': 'try it: no account needed',
  /** smsctl profile add shop --provider sepsms --sender SHOP --default */
  'help.example.root.2': 'your own account (prompts for the key)',

  // smsctl send --help
  /** smsctl --profile sandbox send --to 0812345678 -m "สวัสดีครับ ทดสอบจาก smsctl" --yes */
  'help.example.send.1': 'try it on the built-in sandbox: nothing leaves your machine',
  /** smsctl send --csv customers.csv --message "สวัสดีคุณ{{name}} แต้มของคุณ {{points}}" */
  'help.example.send.3': 'summary, then "Send? (y/N)"',
  /** smsctl send --csv customers.csv --phone-column "Mobile No" --message-file promo.txt --dry-run */
  'help.example.send.4': 'everything but the sending',
  /** smsctl send --csv customers.csv -m "ลดทุกรายการ 10% วันนี้เท่านั้น" --schedule "2026-12-01 10:00" */
  'help.example.send.5': 'Bangkok time',
  /** smsctl send --csv customers.csv -m "สวัสดี {{name}}" --report result.csv */
  'help.example.send.6': 'one row per input row, with its outcome',
  /** cat list.csv | smsctl send --csv - -m "Your code is ready" --yes --json */
  'help.example.send.7': 'stdin, no prompt, JSON out (cron)',
  /** smsctl send --resume */
  'help.example.send.8': 'continue the newest unfinished run',
  /** smsctl send --resume 20261201T093000-a1b2c3 --resend-unknown --yes */
  'help.example.send.9': 'also resend unknown outcomes: some may get it twice',
  /** smsctl --profile tbs send --csv customers.csv -m "Your order has shipped" --callback-url https://example.com/hooks/tbs */
  'help.example.send.10': 'ThaiBulkSMS reports each result there',
  /** smsctl --profile tbs send --csv customers.csv -m "Sale today" --credit-type corporate --tag spring --shorten-urls */
  'help.example.send.11': 'ThaiBulkSMS only',
  /** smsctl --profile sandbox send --group 2 --template-id 2 --var name=Team --var order=A1 */
  'help.example.send.12': 'ME-SMS: a contact group and a saved template',
  /** smsctl --profile shop send --csv customers.csv -m "สวัสดีคุณ{{name}}" --personalise provider --dry-run --json */
  'help.example.send.13': 'SEPSMS fills each name: see the bodies',

  // smsctl balance --help
  /** smsctl balance */
  'help.example.balance.1': 'remaining credit of the default profile',
  /** smsctl --profile sandbox balance */
  'help.example.balance.2': 'the sandbox has credit too, no account needed',
  /** smsctl balance --json */
  'help.example.balance.3': '{"balance": 18420, ...}',

  // smsctl runs --help
  /** smsctl runs list */
  'help.example.runs.1': 'every send recorded on this machine',
  /** smsctl runs close 20261201T093000-a1b2c3 */
  'help.example.runs.3': 'accept it as it is',

  // smsctl runs list --help
  /** smsctl runs list */
  'help.example.runs_list.1': 'id, status, created, profile, provider, recipients by state',

  // smsctl runs show --help
  /** smsctl runs show 20261201T093000-a1b2c3 */
  'help.example.runs_show.1': 'what was asked, each state, the resume command',
  /** smsctl runs show 20261201T093000-a1b2c3 --report result.csv */
  'help.example.runs_show.2': 'the per-row report, from the journal',

  // smsctl runs close --help
  /** smsctl runs close 20261201T093000-a1b2c3 */
  'help.example.runs_close.1': 'only unknown outcomes left, and you will not risk sending them twice',

  // smsctl status --help
  /** smsctl status */
  'help.example.status.1': 'delivery status of the newest run',
  /** smsctl --profile sandbox status --watch */
  'help.example.status.2': 'follow it until every recipient has a final status',
  /** smsctl status --watch --timeout 600 --json */
  'help.example.status.3': 'cron: exit 0 all final, 9 not yet',
  /** smsctl status 20261201T093000-a1b2c3 --json */
  'help.example.status.4': 'one run by id',
  /** smsctl status 9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73 */
  'help.example.status.5': 'one message reference (SEPSMS, ME-SMS)',

  // smsctl recipients --help
  /** smsctl recipients 9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73 */
  'help.example.recipients.1': 'an aligned table on a terminal, CSV when piped',
  /** smsctl recipients 9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73 --output report.csv */
  'help.example.recipients.2': 'every page; the file appears only once complete',
  /** smsctl recipients 20261201T093000-a1b2c3 --format ndjson > run.ndjson */
  'help.example.recipients.3': 'every message of a run, with a reference field',
  /** smsctl recipients 9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73 --status failed --json */
  'help.example.recipients.4': 'the failed numbers, as one JSON document',
  /** smsctl recipients 9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73 --after 4850 >> report.csv */
  'help.example.recipients.5': 'continue a stopped export (no header line)',

  // smsctl cancel --help
  /** smsctl cancel 9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73 */
  'help.example.cancel.1': 'shows sender, time, recipients and refund, then asks',
  /** smsctl cancel 9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73 --yes */
  'help.example.cancel.2': 'no terminal: --yes is required',

  // smsctl mcp --help
  /** smsctl --profile sandbox mcp */
  'help.example.mcp.1': 'try it: every tool against the sandbox, sending off',
  /** smsctl --profile shop mcp --allow-send --max-recipients 5 --max-credits 10 */
  'help.example.mcp.2': 'real sends, capped per call',

  // smsctl preview-cost --help
  /** smsctl --profile sandbox preview-cost --csv fixtures/contacts.csv -m "สวัสดีคุณ{{name}}" */
  'help.example.preview_cost.1': 'nothing sent',
  /** smsctl preview-cost --group 1 -m "ลดทุกรายการ 10%" */
  'help.example.preview_cost.3': 'an ME-SMS contact group: ME-SMS counts it',

  // smsctl messages --help
  /** smsctl messages */
  'help.example.messages.1': 'the 20 newest messages on the account (ME-SMS)',
  /** smsctl messages --status scheduled --from "2026-12-01" --to "2026-12-31 23:59" */
  'help.example.messages.2': 'Bangkok time',

  // smsctl senders --help
  /** smsctl senders */
  'help.example.senders.1': 'sender names and their status: only approved ones can send (ME-SMS)',

  // smsctl otp --help
  /** smsctl --profile dev otp test 0812345678 */
  'help.example.otp.1': 'the whole path at the terminal: send, type the code, verify',
  /** smsctl otp send 0812345678 */
  'help.example.otp.2': 'prints the reference that `otp verify` needs',
  /** smsctl otp verify A3K9X2 123456 */
  'help.example.otp.3': 'exit 0 verified, 10 not (and why)',

  // smsctl otp send --help
  /** smsctl otp send 0812345678 */
  'help.example.otp_send.1': 'SEPSMS or ThaiBulkSMS profile; prints the reference',
  /** smsctl otp send 0812345678 > ref.txt */
  'help.example.otp_send.2': 'stdout is the reference alone; the rest goes to stderr',
  /** smsctl --profile dev otp send 0812345678 --json */
  'help.example.otp_send.3': 'dev: profile add dev --provider sepsms --sandbox',
  /** smsctl otp send 0812345678 --template "รหัส OTP ของคุณคือ {code} (อ้างอิง {ref})" --ttl 300 --length 6 */
  'help.example.otp_send.4': 'SEPSMS only',

  // smsctl otp verify --help
  /** smsctl otp verify A3K9X2 123456 */
  'help.example.otp_verify.1': 'exit 0 verified, 10 not: wrong, expired, already used',
  /** smsctl otp verify A3K9X2 */
  'help.example.otp_verify.2': 'asks for the code, masked, on a terminal',
  /** smsctl --profile dev otp verify A3K9X2 123456 --json */
  'help.example.otp_verify.3': '{"verified":false,"reason":"wrong",…} on exit 10',

  // smsctl otp test --help
  /** smsctl --profile dev otp test 0812345678 */
  'help.example.otp_test.1': 'send, countdown, type the code, verify; timings at the end',
  /** smsctl otp test 0812345678 --attempts 5 --ttl 120 */
  'help.example.otp_test.2': 'a real SEPSMS account: the code comes to your phone',
  /** smsctl --profile dev otp test 0812345678 --auto --json */
  'help.example.otp_test.3': 'sandbox profiles: the code read from the inbox (CI)',

  // smsctl profile --help
  /** smsctl profile add shop --provider sepsms --sender SHOP --default */
  'help.example.profile.1': 'prompts for the API key (masked)',
  /** smsctl profile use shop */
  'help.example.profile.3': 'make it the default',
  /** smsctl profile test shop */
  'help.example.profile.4': 'prove the keys work',

  // smsctl profile edit --help
  /** smsctl profile edit shop --sender SHOP2 */
  'help.example.profile_edit.1': 'change one setting, keep the keys',
  /** smsctl profile edit tbs --set-key api-secret */
  'help.example.profile_edit.2': 'replace one key (masked prompt)',
  /** smsctl profile edit me --unset base-url */
  'help.example.profile_edit.3': 'back to the provider\'s own address',
  /** smsctl profile edit shop --set-key webhook-secret */
  'help.example.profile_edit.4': 'for smsctl webhook (masked prompt)',
  /** smsctl profile edit shop --language th */
  'help.example.profile_edit.5': 'smsctl speaks Thai with this profile (--lang and SMSCTL_LANG still come first)',

  // smsctl profile add --help
  /** smsctl profile add shop --provider sepsms --sender SHOP --default */
  'help.example.profile_add.1': 'prompts for the API key (masked)',
  /** smsctl profile add tbs --provider thaibulksms */
  'help.example.profile_add.2': 'prompts for key, secret, OTP key/secret',
  /** smsctl profile add dev --provider sepsms --sandbox */
  'help.example.profile_add.3': 'the built-in emulator, no keys',
  /** smsctl profile add shop --provider sepsms --webhook-secret */
  'help.example.profile_add.4': 'also the webhook signing secret (masked)',

  // smsctl profile list --help
  /** smsctl profile list */
  'help.example.profile_list.1': '* marks the default; keys masked',

  // smsctl profile show --help
  /** smsctl profile show sandbox --json */
  'help.example.profile_show.2': 'the built-in profile',

  // smsctl profile use --help
  /** smsctl profile use shop */
  'help.example.profile_use.1': 'make it the default',
  /** smsctl profile use sandbox */
  'help.example.profile_use.2': 'back to the built-in emulator',

  // smsctl profile remove --help

  // smsctl profile test --help
  /** smsctl profile test shop */
  'help.example.profile_test.1': 'asks the provider for the balance',

  // smsctl sandbox --help
  /** smsctl sandbox serve --port 8787 */
  'help.example.sandbox.1': 'the emulator as an HTTP server, until Ctrl-C',
  /** smsctl sandbox inbox --msisdn 0812345678 */
  'help.example.sandbox.2': 'what the phone received',

  // smsctl sandbox serve --help
  /** smsctl sandbox serve */
  'help.example.sandbox_serve.1': 'http://127.0.0.1:8787, state in memory',
  /** smsctl sandbox serve --port 0 --state sandbox-state.json --seed 42 */
  'help.example.sandbox_serve.2': 'a free port, kept state, repeatable codes',
  /** smsctl sandbox serve --latency 200 --delivery-delay 5000 */
  'help.example.sandbox_serve.3': 'slow answers, slow delivery reports',
  /** smsctl sandbox serve --otp-ttl 10 */
  'help.example.sandbox_serve.4': 'OTP codes that expire in 10 s, to see expiry handled',
  /** smsctl sandbox serve --host 127.0.0.1 --port 8787 */
  'help.example.sandbox_serve.5': 'then: profile add dev --provider sepsms --sandbox --base-url http://127.0.0.1:8787',
  /** smsctl sandbox serve --webhook http://127.0.0.1:4000/ */
  'help.example.sandbox_serve.6': 'signed SEPSMS events to `webhook listen --port 4000`',
  /** smsctl sandbox serve --host 0.0.0.0 --allow-host sandbox */
  'help.example.sandbox_serve.7': 'reachable by other machines: prints a warning and an admin token',

  // smsctl sandbox open --help
  /** smsctl sandbox open */
  'help.example.sandbox_open.1': 'prints http://127.0.0.1:8787/, starting a sandbox there when none answers',
  /** smsctl sandbox open --browser */
  'help.example.sandbox_open.2': 'and opens it in the default browser',
  /** smsctl sandbox open --url http://192.168.1.20:8787 */
  'help.example.sandbox_open.3': 'a sandbox serve elsewhere (SMSCTL_SANDBOX_TOKEN for its admin token)',

  // smsctl sandbox inbox --help
  /** smsctl sandbox inbox --msisdn 0812345678 */
  'help.example.sandbox_inbox.1': 'e.g. read the OTP code a phone would have received',
  /** smsctl sandbox inbox --url http://127.0.0.1:8787 --follow */
  'help.example.sandbox_inbox.2': 'a running `sandbox serve`, until Ctrl-C',

  // smsctl webhook --help
  /** smsctl webhook listen --port 4000 --forward-to http://127.0.0.1:3000/hooks/sepsms */
  'help.example.webhook.1': 'verify, show, forward',
  /** smsctl webhook trigger dr.success --to http://127.0.0.1:3000/hooks/sepsms */
  'help.example.webhook.2': 'a signed sample at your receiver',

  // smsctl webhook listen --help
  /** SMSCTL_WEBHOOK_SECRET=whsec_… smsctl webhook listen */
  'help.example.webhook_listen.1': 'http://127.0.0.1:4000/, until Ctrl-C',
  /** smsctl webhook listen --port 4000 --forward-to http://127.0.0.1:3000/hooks/sepsms */
  'help.example.webhook_listen.2': 'each verified event on to your app',
  /** smsctl --profile shop webhook listen --port 0 --path /hooks --json */
  'help.example.webhook_listen.3': 'the profile\'s webhook secret; one JSON line per event',

  // smsctl webhook verify --help
  /** smsctl webhook verify --signature "t=1737020405,v1=5f0e…" --body-file body.json */
  'help.example.webhook_verify.1': 'exit 0 valid, 3 not (and why)',

  // smsctl webhook trigger --help

  // smsctl sandbox webhooks --help
  /** smsctl sandbox webhooks add http://127.0.0.1:4000/ */
  'help.example.sandbox_webhooks.1': 'then: smsctl webhook listen --port 4000 --secret <the printed secret>',
  /** smsctl sandbox webhooks list --url http://127.0.0.1:8787 */
  'help.example.sandbox_webhooks.2': 'the receivers of a running `sandbox serve`',

  // smsctl sandbox webhooks add --help
  /** smsctl sandbox webhooks add http://127.0.0.1:4000/ */
  'help.example.sandbox_webhooks_add.1': 'every event, a new whsec_… secret shown once',
  /** smsctl sandbox webhooks add http://127.0.0.1:4000/ --url http://127.0.0.1:8787 --json */
  'help.example.sandbox_webhooks_add.3': 'on a running `sandbox serve`',

  // smsctl sandbox webhooks list --help
  /** smsctl sandbox webhooks list */
  'help.example.sandbox_webhooks_list.1': 'the embedded sandbox\'s receivers, secrets masked',

  // smsctl sandbox webhooks remove --help
  /** smsctl sandbox webhooks remove wh_3f9a2c1b7d4e */
  'help.example.sandbox_webhooks_remove.1': 'the id `list` shows',

  // smsctl completion --help
  /** smsctl completion zsh > "${fpath[1]}/_smsctl" */
  'help.example.completion.2': 'then start a new shell',
} as const;
