/**
 * Settling unknown outcomes from ME-SMS's message list: a match is recorded as sent, but
 * never a message that already belongs to another batch of the run (with --batch-size many
 * batches share text and size), and nothing is recorded when the list has no match.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTemplate } from '../../src/core/template.js';
import type { MessageListQuery, MessageStatus, Provider } from '../../src/providers/types.js';
import { JournalLog, readJournal } from '../../src/runs/journal.js';
import { resolveUnknowns } from '../../src/runs/resolve.js';
import { RunDraft, fingerprintOf, type RunHeader } from '../../src/runs/store.js';
import { buildPlan } from '../../src/send/plan.js';
import { fakeContext } from '../helpers/context.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'smsctl-resolve-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Three batches of 2 numbers, all with the same text, as `--batch-size 2` plans them. */
async function run(): Promise<RunHeader> {
  const draft = await RunDraft.create(dir, new Date());
  const phones = Array.from({ length: 6 }, (_, i) => `081000000${i}`);
  await draft.writeListInput(phones);
  const stats = await buildPlan(phones.map((phone, i) => ({ row: i + 1, phone, values: {} })), parseTemplate('promo'), { maxPerRequest: 2, providerName: 'ME-SMS', rowLabel: String }, draft.sink());
  const { invalid, ...rest } = stats;
  const sha = draft.inputSha256();
  const header: RunHeader = {
    version: 1, id: draft.id, createdAt: new Date().toISOString(), profile: 'p', provider: 'mesms', sandbox: false, sender: 'SHOP',
    message: 'promo', input: { kind: 'list', name: '--to', sha256: sha, columns: ['phone'] }, fingerprint: fingerprintOf(sha, 'promo', 'p'),
    maxPerRequest: 2, stats: { ...rest, invalid: invalid.length },
  };
  await draft.seal(header);
  await draft.lock.release();
  return header;
}

const message = (reference: string): MessageStatus => ({ reference, status: 'sent', sender: 'SHOP', content: 'promo', totalMsisdn: 2, drSummary: [] });

function lister(messages: MessageStatus[]): Provider {
  return { id: 'mesms', displayName: 'ME-SMS', listMessages: async (_q: MessageListQuery) => ({ messages, page: 1, limit: 100, total: messages.length }) } as unknown as Provider;
}

describe('resolveUnknowns', () => {
  it('records an unknown batch as sent with the one listed message no other batch owns', async () => {
    const header = await run();
    const path = join(dir, 'runs', header.id, 'journal.ndjson');
    const log = await JournalLog.open(path);
    const t = Date.now();
    await log.append({ i: 0, s: 'sent', t, n: 2, ref: 'm-0' });
    await log.append({ i: 1, s: 'unknown', t, n: 2, error: { kind: 'provider', code: 'NETWORK_TIMEOUT', message: 'no answer' } });
    await log.close();
    const { ctx } = fakeContext({ configDir: dir });
    const before = await readJournal(path, 3);
    expect(await resolveUnknowns(ctx, lister([message('m-0'), message('m-1')]), header, before)).toEqual({ resolved: 1, lookupFailed: false });
    const after = await readJournal(path, 3, () => true);
    expect(after.detail(1)).toMatchObject({ s: 'sent', ref: 'm-1', resolvedBy: 'ME-SMS message list' });
  });

  it('leaves a batch unknown when the only matching message is another batch of the run', async () => {
    const header = await run();
    const path = join(dir, 'runs', header.id, 'journal.ndjson');
    const log = await JournalLog.open(path);
    await log.append({ i: 0, s: 'sent', t: Date.now(), n: 2, ref: 'm-0' });
    await log.append({ i: 1, s: 'started', t: Date.now(), n: 2, attempt: 1 });
    await log.close();
    const { ctx } = fakeContext({ configDir: dir });
    expect(await resolveUnknowns(ctx, lister([message('m-0')]), header, await readJournal(path, 3))).toEqual({ resolved: 0, lookupFailed: false });
    expect((await readJournal(path, 3)).state(1)).toBe('started');
  });

  it('a list that cannot be read leaves the batch unknown and says the lookup failed', async () => {
    const header = await run();
    const path = join(dir, 'runs', header.id, 'journal.ndjson');
    const log = await JournalLog.open(path);
    await log.append({ i: 1, s: 'started', t: Date.now(), n: 2, attempt: 1 });
    await log.close();
    const { ctx } = fakeContext({ configDir: dir });
    const failing = { id: 'mesms', displayName: 'ME-SMS', listMessages: async () => Promise.reject(new Error('timeout')) } as unknown as Provider;
    expect(await resolveUnknowns(ctx, failing, header, await readJournal(path, 3))).toEqual({ resolved: 0, lookupFailed: true });
    expect((await readJournal(path, 3)).state(1)).toBe('started');
  });
});
