/**
 * Bounds on what a person can ask for, applied where a payload is decoded (src/slack/decode/)
 * and again by the use cases, so no crafted value reaches a query unbounded.
 */

/**
 * Search text (the person picker, `/onetoone people|list|reflect|forget <text>`) is cut to this
 * many characters: far longer than any name or institution it could match, and far inside
 * SQLite's 50,000-byte limit on a LIKE pattern (SQLITE_MAX_LIKE_PATTERN_LENGTH).
 */
export const SEARCH_TEXT_MAX = 200;

/** The highest page a list button may ask for: 10,000 pages of 10 is more than anyone logs. */
export const PAGE_MAX = 10_000;

/** The longest record id a payload may carry (ours are 36-character UUIDs). */
export const ID_MAX = 100;

/** Cuts search text to SEARCH_TEXT_MAX characters, trimmed. */
export function boundSearchText(text: string): string {
  return text.slice(0, SEARCH_TEXT_MAX).trim();
}
