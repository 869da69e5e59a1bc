import type { InStream, OutStream, Prompter } from './context.js';

/** @inquirer/prompts, loaded only when a prompt is actually shown. */
export function inquirerPrompter(input: InStream, output: OutStream, signal: AbortSignal): Prompter {
  const context = { input, output, signal, clearPromptOnDone: false };
  return {
    async confirm(message, defaultValue) {
      const { confirm } = await import('@inquirer/prompts');
      return confirm({ message, default: defaultValue }, context);
    },
    async secret(message) {
      const { password } = await import('@inquirer/prompts');
      return password({ message, mask: '•' }, context);
    },
    async input(message) {
      const { input: ask } = await import('@inquirer/prompts');
      return ask({ message }, context);
    },
  };
}
