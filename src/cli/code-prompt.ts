/**
 * The masked prompt for a one-time code, with a countdown that is part of the prompt's own
 * line: @inquirer/core redraws the whole prompt every second, so the countdown never writes
 * over what the user is typing. An empty answer is asked again; at the deadline the prompt
 * ends by itself with undefined (the code expired while the user was looking for it).
 */
import { createPrompt, isEnterKey, makeTheme, useEffect, useKeypress, usePrefix, useState } from '@inquirer/core';
import { t } from '../i18n/index.js';

export interface CodePromptConfig {
  message: string;
  /** Redrawn after the message every second, e.g. "expires in 4:32". */
  status?: () => string;
  /** Milliseconds since the epoch. */
  deadline?: number;
  /** Shown when the deadline passes. */
  expiredText?: string;
}

const MASK = '•';

export const codePrompt = createPrompt<string | undefined, CodePromptConfig>((config, done) => {
  const theme = makeTheme();
  const [state, setState] = useState<'idle' | 'done' | 'expired'>('idle');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [, setTick] = useState(0);
  const prefix = usePrefix({ status: state === 'idle' ? 'idle' : 'done', theme });

  useEffect(() => {
    const timer = setInterval(() => {
      if (config.deadline !== undefined && Date.now() >= config.deadline) {
        clearInterval(timer);
        setState('expired');
        done(undefined);
        return;
      }
      setTick(Date.now());
    }, 1000);
    return () => clearInterval(timer);
  }, []);

  useKeypress((key, rl) => {
    if (state !== 'idle') return;
    if (isEnterKey(key)) {
      // People type codes as "123 456"; the provider wants the digits.
      const answer = value.replace(/\s+/g, '');
      if (answer === '') {
        setError(t('cli.prompt.code_empty'));
        return;
      }
      setValue(answer);
      setState('done');
      done(answer);
    } else {
      setValue(rl.line);
      setError(undefined);
    }
  });

  const message = theme.style.message(config.message, state === 'idle' ? 'idle' : 'done');
  const status = state === 'expired' ? (config.expiredText ?? t('cli.prompt.code_expired')) : config.status?.();
  const shown = state === 'done' ? theme.style.answer(MASK.repeat(value.length)) : MASK.repeat(value.length);
  const line = [prefix, message, status ? theme.style.help(`(${status})`) : '', state === 'expired' ? '' : shown].filter(Boolean).join(' ');
  return [line, error ? theme.style.error(error) : ''];
});
