import type { Command } from 'commander';
import type { Context } from '../../cli/context.js';
import { emitResult, formatTable, plural, writeLine } from '../../cli/output.js';
import { requireFeature, withSession } from '../../cli/session.js';
import { PROVIDER_NAMES } from '../../providers/types.js';

export interface SendersOptions {
  json?: boolean;
}

export function registerSenders(program: Command, ctx: Context): void {
  program
    .command('senders')
    .description('sender names on the account and their status; only approved ones can send (ME-SMS)')
    .option('--json', 'print JSON: {"ok":true,"senders":[{"name","status"},…]}')
    .action((opts: SendersOptions) => runSenders(opts, ctx));
}

export async function runSenders(opts: SendersOptions, ctx: Context): Promise<void> {
  await withSession(ctx, async ({ provider, profile }) => {
    requireFeature(provider, 'senders', 'senders', `see the sender names in ${PROVIDER_NAMES[provider.id]}'s web dashboard (\`smsctl profile show\` gives the profile's default sender)`);
    const senders = await provider.senders();
    if (opts.json) {
      emitResult(ctx, { provider: provider.id, profile: profile.name, senders });
      return;
    }
    if (senders.length) writeLine(ctx.stdout, formatTable(['NAME', 'STATUS'], senders.map((s) => [s.name, s.status])));
    const approved = senders.filter((s) => s.status.toLowerCase() === 'approved').length;
    writeLine(ctx.stderr, `${plural(senders.length, 'sender')} on ${PROVIDER_NAMES[provider.id]}, ${approved} approved: only approved senders can send${profile.sender ? ` (profile ${profile.name} sends as ${profile.sender})` : ''}`);
  });
}
