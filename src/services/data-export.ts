import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { listOwnedIntroductions } from '../repositories/introductions.js';
import {
  listAllOwnedOneToOnes,
  listAllOwnedPeople,
  listAllOwnedReflections,
} from '../repositories/queries/export.js';
import { type ExportFile, exportFiles } from '../views/export-csv.js';
import { type Actor, organiserToday } from './organisers.js';

export interface ExportCounts {
  oneToOnes: number;
  reflections: number;
  people: number;
  introductions: number;
}

/** Everything the actor wrote, as CSV files. Only their own rows: every query is scoped to them. */
export async function buildMyExport(
  deps: Deps,
  actor: Actor,
): Promise<{ files: ExportFile[]; counts: ExportCounts }> {
  const { teamId, userId } = actor;
  const [oneToOnes, reflections, people, introductions, date] = await Promise.all([
    listAllOwnedOneToOnes(deps.db, teamId, userId),
    listAllOwnedReflections(deps.db, teamId, userId),
    listAllOwnedPeople(deps.db, teamId, userId),
    listOwnedIntroductions(deps.db, teamId, userId),
    organiserToday(deps, actor),
  ]);
  return {
    files: exportFiles({ date, oneToOnes, reflections, people, introductions }),
    counts: {
      oneToOnes: oneToOnes.length,
      reflections: reflections.length,
      people: people.length,
      introductions: introductions.length,
    },
  };
}

/**
 * Uploads the export to the actor's DM with the bot (and nowhere else). files.uploadV2 asks
 * files.getUploadURLExternal for each file, uploads it, then shares them all with one
 * files.completeUploadExternal call, which needs a channel id: hence conversations.open first
 * (https://api.slack.com/messaging/files#uploading_files).
 */
export async function sendMyExport(
  deps: Deps,
  client: WebClient,
  actor: Actor,
  initialComment: (counts: ExportCounts) => string,
): Promise<ExportCounts> {
  const { files, counts } = await buildMyExport(deps, actor);
  const dm = await client.conversations.open({ users: actor.userId });
  const channelId = dm.channel?.id;
  if (!channelId) throw new Error('conversations.open returned no channel');
  await client.files.uploadV2({
    channel_id: channelId,
    initial_comment: initialComment(counts),
    file_uploads: files.map((f) => ({ file: f.bytes, filename: f.filename, title: f.title })),
  });
  return counts;
}
