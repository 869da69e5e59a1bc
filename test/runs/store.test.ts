import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunDraft, listRunIds, runDir } from '../../src/runs/store.js';

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
