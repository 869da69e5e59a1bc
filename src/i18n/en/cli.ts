/**
 * The CLI's own lines: --help (the root program, commander's titles and built-in texts, the
 * group commands), parser errors, the shared sentences of src/cli/ (listening, stopping,
 * prompts, a provider that does not offer a command), and the balance, completion and mcp
 * commands. The comments of the --help examples are in cli-examples.ts.
 */
import { cliExamples } from './cli-examples.js';

export const cli = {
  // --help: the root program and commander's own texts -------------------------------------
  'help.root.description': 'Send bulk SMS and OTPs through ThaiBulkSMS, SEPSMS and ME-SMS (with a built-in sandbox)',
  'help.root.profile': 'profile to use (default: SMSCTL_PROFILE, SMSCTL_PROVIDER, then the default profile)',
  'help.root.verbose': 'print each HTTP request and response to stderr (secrets redacted)',
  'help.root.no_color': 'no colours (NO_COLOR is honoured too)',
  'help.version': 'output the version number',
  'help.help_option': 'display help for command',
  'help.help_command': 'display help for command',
  'help.title.usage': 'Usage:',
  'help.usage.options': '[options]',
  'help.usage.command': '[command]',
  'help.title.arguments': 'Arguments:',
  'help.title.options': 'Options:',
  'help.title.global_options': 'Global Options:',
  'help.title.commands': 'Commands:',
  'help.title.examples': 'Examples:',
  /** commander's suffixes after an option's or argument's description: "(choices: …, default: …)". */
  'help.choices': 'choices: {choices}',
  'help.default': 'default: {value}',
  'help.preset': 'preset: {value}',
  'help.env': 'env: {name}',

  // The group commands (their subcommands describe themselves).
  'help.group.otp': 'one-time passwords (SEPSMS, ThaiBulkSMS)',
  'help.group.profile': 'manage provider profiles and their keys',
  'help.group.runs': 'sends recorded on this machine: what each sent, and what is left to resume',
  'help.group.sandbox': 'the built-in emulator of ThaiBulkSMS, SEPSMS and ME-SMS',
  'help.group.sandbox_webhooks': 'receivers the sandbox sends signed SEPSMS webhook events to',
  'help.group.webhook': 'receive, verify, forward and fire delivery reports (SEPSMS webhooks, ThaiBulkSMS callbacks)',

  // Parser errors (commander's, re-worded by error code) -----------------------------------
  /** Every parser error ends by naming the help to read: "— see smsctl send --help". */
  'cli.parse.see': '{message} — see {where}',
  'cli.parse.unknown_option': 'unknown option {flag}',
  'cli.parse.unknown_option_suggest': 'unknown option {flag} (did you mean {suggestion}?)',
  'cli.parse.unknown_command': "unknown command '{name}'",
  'cli.parse.unknown_command_suggest': "unknown command '{name}' (Did you mean {suggestion}?)",
  /** A suggestion of several flags or commands: "one of --json, --jsonl". */
  'cli.parse.one_of': 'one of {names}',
  'cli.parse.missing_argument': "missing required argument '{name}'",
  'cli.parse.missing_flag_value': "option '{flags}' argument missing",
  'cli.parse.missing_flag': "required option '{flags}' not specified",
  'cli.parse.excess_arguments': {
    one: "too many arguments for '{command}'. Expected {count} argument but got {got}.",
    other: "too many arguments for '{command}'. Expected {count} arguments but got {got}.",
  },
  'cli.parse.excess_arguments_root': {
    one: 'too many arguments. Expected {count} argument but got {got}.',
    other: 'too many arguments. Expected {count} arguments but got {got}.',
  },
  'cli.parse.invalid_flag_value': "option '{flags}' argument '{value}' is invalid. {reason}",
  'cli.parse.invalid_argument': "command-argument value '{value}' is invalid for argument '{name}'. {reason}",
  'cli.parse.choices': 'Allowed choices are {choices}.',
  'cli.parse.conflict': '{first} cannot be used with {second}',
  'cli.parse.conflict_option': "option '{flags}'",
  'cli.parse.conflict_env': "environment variable '{name}'",
  'cli.parse.secret_flag':
    '{flag}: secrets are never taken as flags (they would stay in shell history, `ps` and cron logs): set SMSCTL_API_KEY / SMSCTL_API_SECRET (SMSCTL_OTP_KEY, SMSCTL_OTP_SECRET), or let `smsctl profile add` prompt for them',
  'cli.parse.flag_as_value': '{label} needs a value, but got the flag {flag} — give the value right after {option}',
  'cli.parse.flag_as_argument': '{arg} came where a value was expected — see {where}',

  // Shared sentences of src/cli/ ------------------------------------------------------------
  'cli.session.waiting': 'Waiting for process {pid}: another smsctl command is using the embedded sandbox (up to 60 s)…',
  'cli.not_offered': '{provider} does not offer `{command}` (it publishes no API for it)',
  'cli.not_offered_hint': '{provider} does not offer `{command}` (it publishes no API for it): {hint}',
  'cli.instead.run_report': '`smsctl runs show RUN --report FILE` has the outcome of each number sent from this machine',
  'cli.instead.thaibulksms_status': 'delivery reports come to a callback URL or show in the ThaiBulkSMS dashboard; {runReport}',
  'cli.instead.thaibulksms_cancel': 'cancel a scheduled ThaiBulkSMS message in its web dashboard',
  'cli.instead.mesms_otp': 'use a SEPSMS or ThaiBulkSMS profile for OTPs (`smsctl profile add NAME --provider sepsms`)',
  'cli.unknown_message': '{provider} has no message {ref}: check the reference',
  'cli.unknown_message_mesms': "{provider} has no message {ref}: check the reference (`smsctl messages` lists the account's messages)",
  'cli.listen.bad_port': '--port: expected a port from {min} to 65535, got "{value}"',
  /** {hint} is the caller's, with its leading space: " (another sandbox?)". */
  'cli.listen.in_use': '--port {port}: already in use on {host}{hint}; pick another port, or --port 0 for a free one',
  'cli.listen.not_allowed': '--port {port}: not allowed to listen on it (ports below 1024 need privileges); pick one above 1024',
  'cli.listen.bad_host': '--host {host}: not an address of this machine',
  'cli.stopped': 'stopped by {signal}',
  'cli.stopped_detail': 'stopped by {signal}: {detail}',
  'cli.prompt.cancelled': 'Cancelled; nothing was done.',
  /** A yes/no question's answer, once given (inquirer's confirm). */
  'cli.prompt.yes': 'Yes',
  'cli.prompt.no': 'No',
  /** The key hint under a choice; English keeps inquirer's own (coloured) one. */
  'cli.prompt.select_keys': '↑↓ navigate • ⏎ select',
  'cli.prompt.code_empty': 'Type the code from the SMS (Ctrl-C to stop)',
  'cli.prompt.code_expired': 'expired',

  // balance ----------------------------------------------------------------------------------
  'balance.description': 'show the remaining credit of the profile',
  'balance.json': 'print JSON: {"ok":true,"profile","provider","balance","byType"?}',
  /** {types}: " (corporate 1,000, standard 500)" when the provider has credit types, else empty. */
  'balance.line': {
    one: '{count} credit{types} — {provider}, profile {profile}',
    other: '{count} credits{types} — {provider}, profile {profile}',
  },

  // completion -------------------------------------------------------------------------------
  'completion.description': 'print a completion script for bash, zsh or fish: commands, flags, profile and provider names',
  'completion.shell': 'the shell to complete for',
  'completion.unknown_shell': 'unknown shell "{shell}": choose {shells}',

  // mcp: what a person reads (the tools' texts are for the agent and stay English) ----------
  'mcp.description': 'run an MCP server on stdio for AI agents (Claude Code, Claude Desktop, Gemini CLI): balance, cost, status, OTP; sends only with --allow-send',
  'mcp.allow_send': 'let the agent really send and cancel (default: send_sms and cancel_scheduled only plan)',
  'mcp.max_recipients': 'with --allow-send: most recipients one send may have',
  'mcp.max_credits': 'with --allow-send: most credits one send may cost',
  'mcp.started': 'smsctl MCP server on stdio — {provider}, profile {profile}; {sending}',
  'mcp.sandbox_provider': '{provider} sandbox',
  'mcp.sending_allowed': 'sending allowed: at most {recipients} recipients, {credits} credits a call',
  'mcp.sending_off': 'sending off (--allow-send turns it on)',
  /** The form the MCP client shows the human before a real send or cancel. */
  'mcp.confirm_title': 'Go ahead',
  'mcp.confirm_description': 'yes to go ahead, no to stop',
  'mcp.confirm_send': 'Send "{text}" to {recipients} for {credits}{when} ({provider}, profile {profile})?',
  'mcp.confirm_when': ' scheduled for {time}',
  'mcp.confirm_cancel': 'Cancel the scheduled message {ref}: {recipients}, status {status}{when}?',
  'mcp.confirm_goes_out': ', goes out {time}',
  'mcp.recipients': { one: '{count} recipient', other: '{count} recipients' },
  'mcp.credits': { one: '{count} credit', other: '{count} credits' },
  'mcp.no_json': 'smsctl {command} printed no JSON (exit {code})',
  'mcp.no_prompts': 'no prompts in MCP mode',

  ...cliExamples,
} as const;
