import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { registerSandboxInbox } from './inbox.js';
import { registerSandboxOpen } from './open.js';
import { registerSandboxServe } from './serve.js';
import { registerSandboxWebhooks } from './webhooks/index.js';

export function registerSandbox(program: Command, ctx: Context): void {
  const sandbox = program.command('sandbox').description('the built-in emulator of ThaiBulkSMS, SEPSMS and ME-SMS');
  registerSandboxServe(sandbox, ctx);
  registerSandboxInbox(sandbox, ctx);
  registerSandboxOpen(sandbox, ctx);
  registerSandboxWebhooks(sandbox, ctx);
}
