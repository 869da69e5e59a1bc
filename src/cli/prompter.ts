import { SmsctlError } from '../errors.js';
import { language, t } from '../i18n/index.js';
import type { InStream, OutStream, Prompter } from './context.js';

/**
 * Ctrl-C at a prompt reaches us as the prompt library's error, not as a signal (the
 * terminal is in raw mode): it means "no", with the Ctrl-C exit code — never a bug report.
 */
async function cancellable<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if ((error as Error)?.name === 'ExitPromptError' || (error as Error)?.name === 'AbortPromptError') {
      throw new SmsctlError('interrupted', t('cli.prompt.cancelled'), { code: 'PROMPT_CANCELLED', plain: true });
    }
    throw error;
  }
}

/** @inquirer/prompts, loaded only when a prompt is actually shown. */
/** `input` is asked for only when a prompt is shown: setting up process.stdin costs every start. */
export function inquirerPrompter(input: () => InStream, output: OutStream, signal: AbortSignal): Prompter {
  const context = {
    get input() {
      return input();
    },
    output,
    signal,
    clearPromptOnDone: false,
  };
  return {
    async confirm(message, defaultValue) {
      const { confirm } = await import('@inquirer/prompts');
      // The answer, once given, in the chosen language (inquirer writes Yes / No); "(y/N)" stays as typed.
      const transformer = (yes: boolean) => t(yes ? 'cli.prompt.yes' : 'cli.prompt.no');
      return cancellable(() => confirm({ message, default: defaultValue, transformer }, context));
    },
    async secret(message) {
      const { password } = await import('@inquirer/prompts');
      return cancellable(() => password({ message, mask: '•' }, context));
    },
    async input(message) {
      const { input: ask } = await import('@inquirer/prompts');
      return cancellable(() => ask({ message }, context));
    },
    async code(message, options = {}) {
      const { codePrompt } = await import('./code-prompt.js');
      return cancellable(() => codePrompt({ message, ...options }, context));
    },
    async choose(message, choices) {
      const { select } = await import('@inquirer/prompts');
      // English keeps inquirer's own coloured key hint; another language gets it translated.
      const keys = t('cli.prompt.select_keys');
      const instructions = language() === 'en' ? undefined : { navigation: keys, pager: keys };
      return cancellable(() => select({ message, choices: choices.map((c) => ({ value: c.value, name: c.name })), instructions }, context));
    },
  };
}
