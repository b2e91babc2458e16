import { digestSubcommand } from './digest.js';
import { exportSubcommand } from './export.js';
import { forgetSubcommand } from './forget.js';
import { goalSubcommand } from './goal.js';
import { institutionSubcommand } from './institution.js';
import { introduceSubcommand } from './introduce.js';
import { listSubcommand } from './list.js';
import { logSubcommand } from './log.js';
import { mapSubcommand } from './map.js';
import { nudgesSubcommand } from './nudges.js';
import { peopleSubcommand } from './people.js';
import { reflectSubcommand } from './reflect.js';
import { retentionSubcommand } from './retention.js';
import { statsSubcommand } from './stats.js';
import type { Subcommand } from './types.js';

/** Every `/onetoone` subcommand, in the order help lists them. Help itself is answered by the router. */
export const SUBCOMMANDS: Subcommand[] = [
  // The loop: log, reflect, look back.
  logSubcommand,
  reflectSubcommand,
  listSubcommand,
  // Relationships and power.
  peopleSubcommand,
  institutionSubcommand,
  mapSubcommand,
  introduceSubcommand,
  // Rhythm.
  goalSubcommand,
  statsSubcommand,
  nudgesSubcommand,
  digestSubcommand,
  // Your data.
  exportSubcommand,
  forgetSubcommand,
  retentionSubcommand,
];

const byName = new Map<string, Subcommand>();
for (const s of SUBCOMMANDS) {
  for (const name of [s.name, ...(s.aliases ?? [])]) byName.set(name, s);
}

export function findSubcommand(name: string): Subcommand | undefined {
  return byName.get(name.toLowerCase());
}

/** Splits "list Amina Okafor" into the subcommand word and the rest. */
export function splitCommandText(text: string): { name: string; args: string } {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  return space < 0
    ? { name: trimmed, args: '' }
    : { name: trimmed.slice(0, space), args: trimmed.slice(space + 1).trim() };
}
