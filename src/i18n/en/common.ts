/** Lines of the CLI as a whole: the language choice, exit codes, dates. */
export const common = {
  'lang.invalid_flag': '--lang {value}: smsctl speaks en (English) or th (Thai)',
  'lang.invalid_env': 'SMSCTL_LANG={value}: smsctl speaks en (English) or th (Thai); unset it to follow the locale',
  'lang.option': 'language of messages and help: en or th (default: SMSCTL_LANG, the profile\'s language, then the locale)',

  'exit.title': 'Exit codes:',
  'exit.done': 'done',
  'exit.internal': 'internal error (a bug: please report it)',
  'exit.usage': 'usage: bad flags, no such profile, confirmation needed or declined, command not offered by this provider',
  'exit.invalid': 'invalid input (file, number list, message, schedule), or the provider rejected the request as invalid (400/404/409)',
  'exit.auth': 'authentication or permission (401/403), or no usable credentials',
  'exit.credit': 'insufficient credit',
  'exit.rate_limited': 'rate limited, still after retries',
  'exit.provider': 'provider or network failure',
  'exit.partial': 'partial: some requests were sent, others failed, have an unknown outcome or are not sent yet (send --resume)',
  'exit.timeout': 'gave up waiting: status --watch ran out of --timeout with recipients not yet final',
  'exit.otp_not_verified': 'OTP not verified',
  'exit.hangup': 'stopped by SIGHUP (the terminal closed); resumable',
  'exit.interrupted': 'interrupted (Ctrl-C); resumable',
  'exit.terminated': 'stopped by SIGTERM; resumable',

  // scripts/demo.mjs, the README's quick start.
  'demo.waiting': 'Waiting for delivery reports…',
  'demo.inbox': 'Read what a phone received:  {command}',

  'error.prefix': 'smsctl: error:',
  'error.internal': 'internal error: {message}',

  /** A Bangkok time with the other calendar's year beside it, so a year typed in the wrong one shows. */
  'time.both': '{time} (Buddhist Era {year})',
  'time.clock': '{time}',
  'time.ms': '{n} ms',
  'time.s': '{n} s',
} as const;
