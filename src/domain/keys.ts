import { randomUUID } from 'node:crypto';

/** Row ids are random (not sequential): portable to PostgreSQL across instances, and unguessable in button values. */
export function newId(): string {
  return randomUUID();
}

/**
 * The apostrophe and what is typed for it: ’ and ‘ (Word, Excel, a phone's keyboard), ʼ, ʻ, ‛,
 * the backtick, the prime, and the acute accent ´ (which NFKC has made a space and a combining
 * accent). A tracker says St Mary’s where the log form said St Mary's: one name.
 */
export const APOSTROPHE_LOOKALIKES = [
  '\u2019',
  '\u2018',
  '\u02BC',
  '\u02BB',
  '\u201B',
  '`',
  '\u2032',
  ' \u0301',
] as const;
const APOSTROPHES = new RegExp(APOSTROPHE_LOOKALIKES.join('|'), 'g');

/**
 * The key two names are compared by: case, spacing around them and the kind of apostrophe don't
 * matter ("St Mary’s" typed on a phone is "St Mary's" typed on a laptop). Migration
 * 2026-12-02-1500 folded the keys stored before apostrophes were.
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').replace(APOSTROPHES, "'").toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}
