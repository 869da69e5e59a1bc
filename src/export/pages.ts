/**
 * The cursor walk over one or more messages' recipients, one page ahead: as soon as a page has
 * answered (and so named the next cursor) the next one is asked for, and only then is the page
 * handed over, so writing a page and fetching the next overlap. Never more than one request in
 * flight and one page held: memory stays flat whatever the message's size.
 */
import { t } from '../i18n/index.js';
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
      throw badResponseError(providerName, t('export.no_cursor', { cursor: position.after }), false);
    }
    return { index: position.index, after: cursor };
  }
  return position.index + 1 < references.length ? { index: position.index + 1, after: 0 } : undefined;
}

export interface WalkOptions {
  /**
   * Also ask for the page after the next one, at the cursor the stride so far predicts, while
   * the walk is unfiltered and the stride holds (see walkPages). Off for filtered exports, whose
   * cursors jump by however far the next matches are.
   */
  speculate: boolean;
  pageSize: number;
}

/**
 * One page ahead, always: page N+1 is asked for as soon as page N has answered. A single
 * request in flight leaves the provider and this process taking turns (a plain loop's speed
 * at best, less the work of writing), so while the cursor has moved by a whole page each time
 * (an unfiltered walk: the cursor is the last row's id), the page after that one is asked for
 * too, at the cursor that stride predicts. It is used only when the page before it names exactly
 * that cursor; the first time it does not, the guess is dropped and the walk goes on one page
 * ahead. At most two requests in flight and three pages held: memory stays flat.
 */
export async function* walkPages(fetchPage: FetchPage, references: readonly string[], start: PagePosition, providerName: string, options: WalkOptions = { speculate: false, pageSize: 50 }): AsyncGenerator<WalkedPage> {
  type Asked = Promise<{ position: PagePosition; page: RecipientsPage }>;
  const ask = (position: PagePosition): Asked => {
    const p = fetchPage(references[position.index]!, position.after).then((page) => ({ position, page }));
    // Awaited below; a walk stopped early (--limit, Ctrl-C) or a wrong guess leaves it unawaited, which is no error.
    p.catch(() => undefined);
    return p;
  };
  let speculate = options.speculate;
  let pending: Asked | undefined = ask(start);
  let guess: { position: PagePosition; asked: Asked } | undefined;
  while (pending) {
    const { position, page } = await pending;
    const next = nextPosition(position, page, references, providerName);
    if (guess && next && guess.position.index === next.index && guess.position.after === next.after) {
      pending = guess.asked;
    } else {
      // A guess the page before it contradicts: the cursor does not move by whole pages here.
      if (guess && next && guess.position.index === next.index) speculate = false;
      pending = next && ask(next);
    }
    guess = undefined;
    const stride = next && next.index === position.index ? next.after - position.after : 0;
    if (speculate && next && stride === options.pageSize && page.recipients.length === options.pageSize) {
      const position2 = { index: next.index, after: next.after + stride };
      guess = { position: position2, asked: ask(position2) };
    }
    yield { position, page, next };
  }
}
