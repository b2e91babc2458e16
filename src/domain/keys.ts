import { randomUUID } from 'node:crypto';

/** Row ids are random (not sequential): portable to PostgreSQL across instances, and unguessable in button values. */
export function newId(): string {
  return randomUUID();
}

/** The key two names are compared by: case, accents' case, spacing and punctuation around them don't matter. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}
