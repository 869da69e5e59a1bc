/**
 * The cursor walk over one or more messages' recipients, one page ahead: as soon as a page has
 * answered (and so named the next cursor) the next one is asked for, and only then is the page
 * handed over, so writing a page and fetching the next overlap. Never more than one request in
 * flight and one page held: memory stays flat whatever the message's size.
 */
import { badResponseError } from '../providers/http.js';
import type { RecipientsPage } from '../providers/types.js';

/** Where a page starts: which message (index into the references) and the cursor in it. */
export interface PagePosition {
  index: number;
  after: number;
}

export interface WalkedPage {
  position: PagePosition;
  page: RecipientsPage;
  /** Where the page after this one starts; undefined at the end of the last message. */
  next?: PagePosition;
}

export type FetchPage = (reference: string, after: number) => Promise<RecipientsPage>;

/** The position after `page`: the same message at its next cursor, or the next message. */
export function nextPosition(position: PagePosition, page: RecipientsPage, references: readonly string[], providerName: string): PagePosition | undefined {
  if (page.hasMore) {
    // A provider that pages without naming a cursor still numbers its rows: go on after the last one.
    const cursor = page.nextCursor ?? page.recipients.at(-1)?.id;
    if (cursor === undefined || cursor === position.after) {
      throw badResponseError(providerName, `the recipients page after cursor ${position.after} says there is more but gives no new cursor`, false);
    }
    return { index: position.index, after: cursor };
  }
  return position.index + 1 < references.length ? { index: position.index + 1, after: 0 } : undefined;
}

export async function* walkPages(fetchPage: FetchPage, references: readonly string[], start: PagePosition, providerName: string): AsyncGenerator<WalkedPage> {
  const ask = (position: PagePosition) => {
    const p = fetchPage(references[position.index]!, position.after).then((page) => ({ position, page }));
    // Awaited below; a walk stopped early (--limit, Ctrl-C) leaves it unawaited, which is no error.
    p.catch(() => undefined);
    return p;
  };
  let pending: ReturnType<typeof ask> | undefined = ask(start);
  while (pending) {
    const { position, page } = await pending;
    const next = nextPosition(position, page, references, providerName);
    pending = next && ask(next);
    yield { position, page, next };
  }
}
