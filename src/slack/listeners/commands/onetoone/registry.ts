import { campaignSubcommand } from './campaign.js';
import { digestSubcommand } from './digest.js';
import { exportSubcommand } from './export.js';
import { forgetSubcommand } from './forget.js';
import { goalSubcommand } from './goal.js';
import { houseMeetingSubcommand } from './house-meeting.js';
import { importSubcommand } from './import.js';
import { institutionSubcommand } from './institution.js';
import { introduceSubcommand } from './introduce.js';
import { listSubcommand } from './list.js';
import { logSubcommand } from './log.js';
import { mapSubcommand } from './map.js';
import { nudgesSubcommand } from './nudges.js';
import { pauseSubcommand } from './pause.js';
import { peopleSubcommand } from './people.js';
import { reflectSubcommand } from './reflect.js';
import { retentionSubcommand } from './retention.js';
import { settingsSubcommand } from './settings.js';
import { shareSubcommand } from './share.js';
import { sharedSubcommand } from './shared.js';
import { statsSubcommand } from './stats.js';
import { teamSubcommand } from './team.js';
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
  // Listening campaigns and house meetings.
  campaignSubcommand,
  houseMeetingSubcommand,
  // Rhythm.
  goalSubcommand,
  statsSubcommand,
  settingsSubcommand,
  nudgesSubcommand,
  pauseSubcommand,
  digestSubcommand,
  // A lead organiser's view, with the organiser's consent.
  shareSubcommand,
  sharedSubcommand,
  teamSubcommand,
  // Your data.
  importSubcommand,
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
