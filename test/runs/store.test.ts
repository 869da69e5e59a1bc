import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFile } from 'node:fs/promises';
import { RunDraft, briefRun, listRunIds, runDir } from '../../src/runs/store.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'smsctl-store-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

async function draftDir(id: string, ageMs: number): Promise<string> {
  const d = runDir(dir, id);
  await mkdir(d, { recursive: true });
  await writeFile(join(d, 'plan.ndjson'), '');
  const t = new Date(Date.now() - ageMs);
  await utimes(d, t, t);
  return d;
}

describe('run drafts', () => {
  it('a plan whose process died long ago is removed by the next send; a fresh one is left alone', async () => {
    const old = await draftDir('20260101T000000-aaaaaa', 60 * 60_000);
    const fresh = await draftDir('20260101T000001-bbbbbb', 1000);
    const draft = await RunDraft.create(dir, new Date());
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    await draft.discard();
  });

  it('a discarded draft leaves nothing, and an unsealed one is not listed as a run', async () => {
    const draft = await RunDraft.create(dir, new Date());
    expect(await listRunIds(dir)).toEqual([]);
    await draft.discard();
    expect(existsSync(draft.dir)).toBe(false);
  });
});

describe('a settled run', () => {
  async function sealedRun(id: string, journal: object[]): Promise<string> {
    const d = runDir(dir, id);
    await mkdir(d, { recursive: true });
    const stats = { rows: 2, maxRow: 3, valid: 2, invalid: 0, duplicates: 0, droppedZero: 0, batches: 2, distinctTexts: 1, credits: 2, minParts: 1, maxParts: 1, encodings: ['GSM-7'] };
    await writeFile(join(d, 'run.json'), JSON.stringify({ version: 1, id, createdAt: '2026-01-01T00:00:00Z', profile: 'p', provider: 'mesms', sandbox: true, message: 'hi', input: { kind: 'csv', name: 'a.csv', sha256: 'x', columns: ['phone'] }, fingerprint: 'f', maxPerRequest: 1, stats }));
    await writeFile(join(d, 'journal.ndjson'), journal.map((e) => `${JSON.stringify(e)}\n`).join(''));
    return d;
  }
  const sent = (i: number) => ({ i, s: 'sent', t: 1, n: 1, ref: `r${i}` });

  it('is listed from its kept tally, and read again in full once its journal changes', async () => {
    const id = '20260101T000000-cccccc';
    const d = await sealedRun(id, [sent(0), sent(1)]);
    const first = await briefRun(dir, id);
    expect(first).toMatchObject({ status: 'complete', tally: { sent: { requests: 2, recipients: 2 } } });
    expect(existsSync(join(d, 'settled.json'))).toBe(true);
    // A journal that grew after the tally was kept (damage, or a later lookup) is not trusted to it.
    await appendFile(join(d, 'journal.ndjson'), `${JSON.stringify({ i: 1, s: 'unknown', t: 2, n: 1, error: { kind: 'network', code: 'X', message: 'x' } })}\n`);
    expect(await briefRun(dir, id)).toMatchObject({ status: 'unfinished', tally: { sent: { requests: 1 }, unknown: { requests: 1 } } });
  });

  it('an unfinished run keeps no tally: the next look reads its journal', async () => {
    const id = '20260101T000001-dddddd';
    const d = await sealedRun(id, [sent(0)]);
    expect((await briefRun(dir, id)).status).toBe('unfinished');
    expect(existsSync(join(d, 'settled.json'))).toBe(false);
    await appendFile(join(d, 'journal.ndjson'), `${JSON.stringify(sent(1))}\n`);
    expect((await briefRun(dir, id)).status).toBe('complete');
  });
});
