import { z } from 'zod';
import { PAGE_MAX, SEARCH_TEXT_MAX } from '../domain/limits.js';

/**
 * The one codec for every paged list's Newer/Older button value (`/onetoone list`,
 * `/onetoone people`): the query and the page, as JSON. Decoding is bounded: a crafted value
 * (a page of 1e300, a negative or fractional page, an object for the query, text that is not
 * JSON) decodes field by field to the first page and no query; never an OFFSET the database
 * refuses.
 */
export interface PageRef {
  query: string;
  page: number;
}

const Page = z.number().int().min(0).max(PAGE_MAX);
const PageValue = z.object({
  q: z.string().catch(''),
  // `p` is the page; `n` is what `/onetoone people` buttons sent before the codecs were one.
  p: Page.optional().catch(undefined),
  n: Page.optional().catch(undefined),
});

const FIRST: PageRef = { query: '', page: 0 };

export function encodePage(ref: PageRef): string {
  return JSON.stringify({ q: ref.query.slice(0, SEARCH_TEXT_MAX), p: ref.page });
}

export function decodePage(raw: unknown): PageRef {
  if (typeof raw !== 'string') return FIRST;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return FIRST;
  }
  const parsed = PageValue.safeParse(json);
  if (!parsed.success) return FIRST;
  return { query: parsed.data.q.slice(0, SEARCH_TEXT_MAX), page: parsed.data.p ?? parsed.data.n ?? 0 };
}
