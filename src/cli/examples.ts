/**
 * The "Examples:" of every command's --help, keyed by the command path without "smsctl"
 * ("send", "profile add", …), so they can be checked against the real command tree
 * (test/cli/help.test.ts): a flag that is renamed or a command that is added without examples
 * fails the tests.
 *
 * i18n-ignore-file: each example is the command exactly as a user types it, the same in every
 * language (a message in Thai stays Thai, one in English stays English); only its comment is
 * translated, and that is a catalogue key (help.example.*, src/i18n/en/cli-examples.ts).
 */
import type { MessageKey } from '../i18n/index.js';

/** The command as typed, and the key of the comment printed after it ("  # …"), if any. */
export type Example = readonly [command: string, comment?: MessageKey];

const RUN = '20261201T093000-a1b2c3';
const REF = '9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73';

export const EXAMPLES: Readonly<Record<string, readonly Example[]>> = {
  '': [
    ['smsctl --profile sandbox send --csv fixtures/contacts.csv -m "สวัสดีคุณ{{name}}" --dry-run', 'help.example.root.1'],
    ['smsctl profile add shop --provider sepsms --sender SHOP --default', 'help.example.root.2'],
    ['smsctl send --csv customers.csv --message-file promo.txt'],
    ['smsctl help send'],
  ],
  send: [
    ['smsctl --profile sandbox send --to 0812345678 -m "สวัสดีครับ ทดสอบจาก smsctl" --yes', 'help.example.send.1'],
    ['smsctl send --to 0812345678,0898765432 --message "Your order has shipped"'],
    ['smsctl send --csv customers.csv --message "สวัสดีคุณ{{name}} แต้มของคุณ {{points}}"', 'help.example.send.3'],
    ['smsctl send --csv customers.csv --phone-column "Mobile No" --message-file promo.txt --dry-run', 'help.example.send.4'],
    ['smsctl send --csv customers.csv -m "ลดทุกรายการ 10% วันนี้เท่านั้น" --schedule "2026-12-01 10:00"', 'help.example.send.5'],
    ['smsctl send --csv customers.csv -m "สวัสดี {{name}}" --report result.csv', 'help.example.send.6'],
    ['cat list.csv | smsctl send --csv - -m "Your code is ready" --yes --json', 'help.example.send.7'],
    ['smsctl send --resume', 'help.example.send.8'],
    [`smsctl send --resume ${RUN} --resend-unknown --yes`, 'help.example.send.9'],
    ['smsctl --profile tbs send --csv customers.csv -m "Your order has shipped" --callback-url https://example.com/hooks/tbs', 'help.example.send.10'],
    ['smsctl --profile tbs send --csv customers.csv -m "Sale today" --credit-type corporate --tag spring --shorten-urls', 'help.example.send.11'],
    ['smsctl --profile sandbox send --group 2 --template-id 2 --var name=Team --var order=A1', 'help.example.send.12'],
    ['smsctl --profile shop send --csv customers.csv -m "สวัสดีคุณ{{name}}" --personalise provider --dry-run --json', 'help.example.send.13'],
  ],
  balance: [
    ['smsctl balance', 'help.example.balance.1'],
    ['smsctl --profile sandbox balance', 'help.example.balance.2'],
    ['smsctl balance --json', 'help.example.balance.3'],
  ],
  runs: [
    ['smsctl runs list', 'help.example.runs.1'],
    [`smsctl runs show ${RUN} --report result.csv`],
    [`smsctl runs close ${RUN}`, 'help.example.runs.3'],
  ],
  'runs list': [
    ['smsctl runs list', 'help.example.runs_list.1'],
    [`smsctl runs list --json | jq '.runs[] | select(.status == "unfinished")'`],
  ],
  'runs show': [
    [`smsctl runs show ${RUN}`, 'help.example.runs_show.1'],
    [`smsctl runs show ${RUN} --report result.csv`, 'help.example.runs_show.2'],
    [`smsctl runs show ${RUN} --json`],
  ],
  'runs close': [
    [`smsctl runs close ${RUN}`, 'help.example.runs_close.1'],
    [`smsctl runs close ${RUN} --json`],
  ],
  status: [
    ['smsctl status', 'help.example.status.1'],
    ['smsctl --profile sandbox status --watch', 'help.example.status.2'],
    ['smsctl status --watch --timeout 600 --json', 'help.example.status.3'],
    [`smsctl status ${RUN} --json`, 'help.example.status.4'],
    [`smsctl status ${REF}`, 'help.example.status.5'],
  ],
  recipients: [
    [`smsctl recipients ${REF}`, 'help.example.recipients.1'],
    [`smsctl recipients ${REF} --output report.csv`, 'help.example.recipients.2'],
    [`smsctl recipients ${RUN} --format ndjson > run.ndjson`, 'help.example.recipients.3'],
    [`smsctl recipients ${REF} --status failed --json`, 'help.example.recipients.4'],
    [`smsctl recipients ${REF} --after 4850 >> report.csv`, 'help.example.recipients.5'],
    [`smsctl recipients ${REF} --search 0812 --limit 100`],
  ],
  cancel: [
    [`smsctl cancel ${REF}`, 'help.example.cancel.1'],
    [`smsctl cancel ${REF} --yes`, 'help.example.cancel.2'],
    [`smsctl --profile shop cancel ${REF} --json`],
  ],
  mcp: [
    ['smsctl --profile sandbox mcp', 'help.example.mcp.1'],
    ['smsctl --profile shop mcp --allow-send --max-recipients 5 --max-credits 10', 'help.example.mcp.2'],
  ],
  'preview-cost': [
    ['smsctl --profile sandbox preview-cost --csv fixtures/contacts.csv -m "สวัสดีคุณ{{name}}"', 'help.example.preview_cost.1'],
    ['smsctl preview-cost --to 0812345678,0898765432 --message-file promo.txt --json'],
    ['smsctl preview-cost --group 1 -m "ลดทุกรายการ 10%"', 'help.example.preview_cost.3'],
  ],
  messages: [
    ['smsctl messages', 'help.example.messages.1'],
    ['smsctl messages --status scheduled --from "2026-12-01" --to "2026-12-31 23:59"', 'help.example.messages.2'],
    ['smsctl messages --sender SHOP --search promo --all --json'],
  ],
  senders: [
    ['smsctl senders', 'help.example.senders.1'],
    ['smsctl --profile sandbox senders --json'],
  ],
  otp: [
    ['smsctl --profile dev otp test 0812345678', 'help.example.otp.1'],
    ['smsctl otp send 0812345678', 'help.example.otp.2'],
    ['smsctl otp verify A3K9X2 123456', 'help.example.otp.3'],
  ],
  'otp send': [
    ['smsctl otp send 0812345678', 'help.example.otp_send.1'],
    ['smsctl otp send 0812345678 > ref.txt', 'help.example.otp_send.2'],
    ['smsctl --profile dev otp send 0812345678 --json', 'help.example.otp_send.3'],
    ['smsctl otp send 0812345678 --template "รหัส OTP ของคุณคือ {code} (อ้างอิง {ref})" --ttl 300 --length 6', 'help.example.otp_send.4'],
  ],
  'otp verify': [
    ['smsctl otp verify A3K9X2 123456', 'help.example.otp_verify.1'],
    ['smsctl otp verify A3K9X2', 'help.example.otp_verify.2'],
    ['smsctl --profile dev otp verify A3K9X2 123456 --json', 'help.example.otp_verify.3'],
  ],
  'otp test': [
    ['smsctl --profile dev otp test 0812345678', 'help.example.otp_test.1'],
    ['smsctl otp test 0812345678 --attempts 5 --ttl 120', 'help.example.otp_test.2'],
    ['smsctl --profile dev otp test 0812345678 --auto --json', 'help.example.otp_test.3'],
  ],
  profile: [
    ['smsctl profile add shop --provider sepsms --sender SHOP --default', 'help.example.profile.1'],
    ['smsctl profile list'],
    ['smsctl profile use shop', 'help.example.profile.3'],
    ['smsctl profile test shop', 'help.example.profile.4'],
  ],
  'profile edit': [
    ['smsctl profile edit shop --sender SHOP2', 'help.example.profile_edit.1'],
    ['smsctl profile edit tbs --set-key api-secret', 'help.example.profile_edit.2'],
    ['smsctl profile edit me --unset base-url', 'help.example.profile_edit.3'],
    ['smsctl profile edit shop --set-key webhook-secret', 'help.example.profile_edit.4'],
    ['smsctl profile edit shop --language th', 'help.example.profile_edit.5'],
  ],
  'profile add': [
    ['smsctl profile add shop --provider sepsms --sender SHOP --default', 'help.example.profile_add.1'],
    ['smsctl profile add tbs --provider thaibulksms', 'help.example.profile_add.2'],
    ['smsctl profile add dev --provider sepsms --sandbox', 'help.example.profile_add.3'],
    ['smsctl profile add shop --provider sepsms --webhook-secret', 'help.example.profile_add.4'],
    ['smsctl profile add me --provider mesms --sender MYSHOP --base-url https://me-sms.com/api/v2 --rate 60/min'],
    [`printf '%s\\n%s\\n' "$TBS_KEY" "$TBS_SECRET" | smsctl profile add tbs --provider thaibulksms --secrets-stdin --force`],
  ],
  'profile list': [
    ['smsctl profile list', 'help.example.profile_list.1'],
    ['smsctl profile ls --json'],
  ],
  'profile show': [
    ['smsctl profile show shop'],
    ['smsctl profile show sandbox --json', 'help.example.profile_show.2'],
  ],
  'profile use': [
    ['smsctl profile use shop', 'help.example.profile_use.1'],
    ['smsctl profile use sandbox', 'help.example.profile_use.2'],
  ],
  'profile remove': [
    ['smsctl profile remove dev'],
    ['smsctl profile rm old-shop'],
  ],
  'profile test': [
    ['smsctl profile test shop', 'help.example.profile_test.1'],
    ['smsctl profile test tbs --json'],
  ],
  sandbox: [
    ['smsctl sandbox serve --port 8787', 'help.example.sandbox.1'],
    ['smsctl sandbox inbox --msisdn 0812345678', 'help.example.sandbox.2'],
  ],
  'sandbox serve': [
    ['smsctl sandbox serve', 'help.example.sandbox_serve.1'],
    ['smsctl sandbox serve --port 0 --state sandbox-state.json --seed 42', 'help.example.sandbox_serve.2'],
    ['smsctl sandbox serve --latency 200 --delivery-delay 5000', 'help.example.sandbox_serve.3'],
    ['smsctl sandbox serve --otp-ttl 10', 'help.example.sandbox_serve.4'],
    ['smsctl sandbox serve --host 127.0.0.1 --port 8787', 'help.example.sandbox_serve.5'],
    ['smsctl sandbox serve --webhook http://127.0.0.1:4000/', 'help.example.sandbox_serve.6'],
    ['smsctl sandbox serve --host 0.0.0.0 --allow-host sandbox', 'help.example.sandbox_serve.7'],
  ],
  'sandbox open': [
    ['smsctl sandbox open', 'help.example.sandbox_open.1'],
    ['smsctl sandbox open --browser', 'help.example.sandbox_open.2'],
    ['smsctl sandbox open --url http://192.168.1.20:8787', 'help.example.sandbox_open.3'],
  ],
  'sandbox inbox': [
    ['smsctl sandbox inbox --msisdn 0812345678', 'help.example.sandbox_inbox.1'],
    ['smsctl sandbox inbox --url http://127.0.0.1:8787 --follow', 'help.example.sandbox_inbox.2'],
    ['smsctl sandbox inbox --json'],
  ],
  webhook: [
    ['smsctl webhook listen --port 4000 --forward-to http://127.0.0.1:3000/hooks/sepsms', 'help.example.webhook.1'],
    ['smsctl webhook trigger dr.success --to http://127.0.0.1:3000/hooks/sepsms', 'help.example.webhook.2'],
  ],
  'webhook listen': [
    ['SMSCTL_WEBHOOK_SECRET=whsec_… smsctl webhook listen', 'help.example.webhook_listen.1'],
    ['smsctl webhook listen --port 4000 --forward-to http://127.0.0.1:3000/hooks/sepsms', 'help.example.webhook_listen.2'],
    ['smsctl --profile shop webhook listen --port 0 --path /hooks --json', 'help.example.webhook_listen.3'],
  ],
  'webhook verify': [
    ['smsctl webhook verify --signature "t=1737020405,v1=5f0e…" --body-file body.json', 'help.example.webhook_verify.1'],
    ['smsctl webhook verify --signature "$SIG" --timestamp 1737020405 --body-file - --tolerance 86400 < body.json'],
  ],
  'webhook trigger': [
    ['smsctl webhook trigger dr.success --to http://127.0.0.1:3000/hooks/sepsms'],
    ['smsctl webhook trigger dr.failed --to https://staging.example.com/hooks --data msisdn=66812345678 --data status=expired'],
    [`smsctl webhook trigger sms.completed --to http://127.0.0.1:3000/hooks --data 'drSummary:=[{"status":"success","count":2}]'`],
  ],
  'sandbox webhooks': [
    ['smsctl sandbox webhooks add http://127.0.0.1:4000/', 'help.example.sandbox_webhooks.1'],
    ['smsctl sandbox webhooks list --url http://127.0.0.1:8787', 'help.example.sandbox_webhooks.2'],
  ],
  'sandbox webhooks add': [
    ['smsctl sandbox webhooks add http://127.0.0.1:4000/', 'help.example.sandbox_webhooks_add.1'],
    ['smsctl sandbox webhooks add http://127.0.0.1:4000/hooks --events dr.success,dr.failed --secret whsec_mytestsecret'],
    ['smsctl sandbox webhooks add http://127.0.0.1:4000/ --url http://127.0.0.1:8787 --json', 'help.example.sandbox_webhooks_add.3'],
  ],
  'sandbox webhooks list': [
    ['smsctl sandbox webhooks list', 'help.example.sandbox_webhooks_list.1'],
    ['smsctl sandbox webhooks list --url http://127.0.0.1:8787 --json'],
  ],
  'sandbox webhooks remove': [
    ['smsctl sandbox webhooks remove wh_3f9a2c1b7d4e', 'help.example.sandbox_webhooks_remove.1'],
    ['smsctl sandbox webhooks remove http://127.0.0.1:4000/ --url http://127.0.0.1:8787'],
  ],
  completion: [
    ['smsctl completion bash > ~/.local/share/bash-completion/completions/smsctl'],
    ['smsctl completion zsh > "${fpath[1]}/_smsctl"', 'help.example.completion.2'],
    ['smsctl completion fish > ~/.config/fish/completions/smsctl.fish'],
  ],
};
