import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Deps } from '../deps.js';
import {
  decodeCsvBytes,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_FILES,
  IMPORT_MAX_ROWS,
  looksLikeCsvFile,
  parseCsv,
} from '../domain/csv-import.js';
import {
  buildImportPlan,
  type FileRefusal,
  type FileReport,
  fileKindOf,
  headerKey,
  type ImportCounts,
  type ImportOutcome,
  type ImportSummary,
  importRowKey,
  mapColumns,
  matchKey,
  NOT_IMPORTED_KINDS,
  type PlanOneToOne,
  type PlanPerson,
  type ReadFile,
} from '../domain/import-plan.js';
import { newId } from '../domain/keys.js';
import type { FileDownloadRefusal } from '../ports/slack.js';
import { refreshOrganiserFacts } from '../repositories/digest-facts.js';
import {
  expirePendingImports,
  findOwnedImport,
  finishImport,
  insertPendingImport,
} from '../repositories/imports.js';
import { ensureOrganiser } from '../repositories/organisers.js';
import {
  fillPerson,
  findInstitutionIds,
  findInstitutionsByMatchKey,
  insertInstitutions,
  insertOneToOnesOnce,
  insertPeople,
  insertReflections,
  listOwnedOneToOneKeys,
  listOwnedPersonKeys,
  type OwnedPersonKey,
} from '../repositories/queries/import.js';
import { type Actor, organiserToday } from './organisers.js';

export type { ImportOutcome, ImportSummary } from '../domain/import-plan.js';

/**
 * `/onetoone import` (issue 12): a CSV (or several: our own export is four) to the organiser's own
 * people, one-to-ones, reflections and next steps. First a dry run: the files are read, matched
 * against what the organiser has, and the plan kept as a pending import; the summary goes to
 * their DM with Import / Cancel. Import applies the plan in one transaction; importing the same
 * rows again creates nothing (each one-to-one carries a hash of its content; people match by
 * Slack member, or name and institution). Everything goes to the organiser's own private records
 * and nowhere else; a file's ids are never looked up.
 */

/** A pending import is kept this long; then its plan (private text) is cleared. */
export const IMPORT_TTL_MS = 24 * 60 * 60 * 1000;

/** A file as Slack describes it (file_input or a file shared in the DM). */
export interface IncomingFile {
  name: string;
  filetype?: string;
  mimetype?: string;
  size?: number;
  /** url_private_download; only ever fetched through the port, which checks its host. */
  url?: string;
}

export type ImportDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'slack' | 'logger' | 'timeZones'>;

export type StartImportResult =
  | { kind: 'summary'; summary: ImportSummary }
  | { kind: 'no_files' }
  | { kind: 'too_many_files'; limit: number };

/** What is stored between the dry run and Import: the rows, never the files. */
interface StoredPlan {
  people: PlanPerson[];
  oneToOnes: PlanOneToOne[];
}

const DOWNLOAD_REFUSAL: Record<FileDownloadRefusal, FileRefusal> = {
  host_not_allowed: { code: 'download_failed' },
  not_found: { code: 'download_failed' },
  not_authorized: { code: 'download_failed' },
  failed: { code: 'download_failed' },
  too_large: { code: 'too_large', limit: IMPORT_MAX_BYTES },
};

/** Why chosen files cannot be read at all, before anything is downloaded (the modal shows it). */
export type FileCheck =
  | { ok: true }
  | { ok: false; code: 'no_files' }
  | { ok: false; code: 'too_many_files'; limit: number }
  | { ok: false; code: 'not_csv' | 'too_large'; name: string };

/** The modal's check on submit, from what Slack says of the files (name, type, size). */
export function checkIncomingFiles(files: readonly IncomingFile[]): FileCheck {
  if (files.length === 0) return { ok: false, code: 'no_files' };
  if (files.length > IMPORT_MAX_FILES) return { ok: false, code: 'too_many_files', limit: IMPORT_MAX_FILES };
  for (const f of files) {
    if (!looksLikeCsvFile(f)) return { ok: false, code: 'not_csv', name: f.name };
    if (f.size !== undefined && f.size > IMPORT_MAX_BYTES)
      return { ok: false, code: 'too_large', name: f.name };
  }
  return { ok: true };
}

/** Downloads and reads one file; a refusal says why it was not read. */
async function readFile(
  deps: ImportDeps,
  actor: Actor,
  file: IncomingFile,
  hash: ReturnType<typeof createHash>,
): Promise<ReadFile> {
  const report: FileReport = { name: file.name, kind: null, encoding: null, rows: 0, unknownColumns: [] };
  const refuse = (refusal: FileRefusal): ReadFile => ({ report: { ...report, refusal }, records: [] });
  if (!looksLikeCsvFile(file)) return refuse({ code: 'not_csv' });
  if (file.size !== undefined && file.size > IMPORT_MAX_BYTES)
    return refuse({ code: 'too_large', limit: IMPORT_MAX_BYTES });
  if (!file.url) return refuse({ code: 'download_failed' });
  const download = await deps.slack.downloadFile(actor.teamId, file.url, IMPORT_MAX_BYTES);
  if (!download.ok) return refuse(DOWNLOAD_REFUSAL[download.reason]);
  hash.update(download.bytes);
  const decoded = decodeCsvBytes(download.bytes);
  if (!decoded.ok) return refuse({ code: decoded.reason });
  report.encoding = decoded.encoding;
  const parsed = parseCsv(decoded.text, IMPORT_MAX_ROWS);
  if (!parsed.ok) {
    return refuse(
      parsed.reason === 'unclosed_quote'
        ? { code: 'unclosed_quote', line: parsed.line }
        : { code: parsed.reason, limit: parsed.limit },
    );
  }
  const header = parsed.records[0]?.cells ?? [];
  const kind = fileKindOf(header.map(headerKey));
  if (!kind) return refuse({ code: 'no_name_column' });
  report.kind = kind;
  report.rows = parsed.records.length - 1;
  report.unknownColumns = NOT_IMPORTED_KINDS.has(kind) ? [] : mapColumns(kind, header).unknown;
  return { report, records: parsed.records };
}

interface PersonMatch {
  existingId?: string;
  via?: 'slack' | 'name';
  /** For a new person: the institution key it is inserted with (namesake Slack members apart). */
  institutionKey: string;
  fill: { role?: string; slack_user_id?: string };
}

interface Resolution {
  people: PersonMatch[];
  /** Per plan one-to-one: its content hash, and whether it is recorded already. */
  oneToOnes: { key: string; already: boolean }[];
  /**
   * The stored name key of each plan institution, by its match key: the team's institution's own
   * key when it has one that matches (St Mary’s for a file's St Mary's), else the file's.
   */
  institutionKeyOf: Map<string, string>;
  /** Stored name keys of the institutions new people need. */
  institutionKeys: string[];
  /** Institutions the team has already: stored key → id. */
  existingInstitutions: Map<string, string>;
  counts: ImportCounts;
  alreadyThere: number;
}

/** Who a person is for matching: their name and institution keys, apostrophes alike (matchKey). */
const personKey = (nameKey: string, institutionKey: string) =>
  `${matchKey(nameKey)}\u0000${matchKey(institutionKey)}`;

/** The key a plan person's institution is stored under (see Resolution.institutionKeyOf). */
function storedInstitutionKey(r: Pick<Resolution, 'institutionKeyOf'>, p: PlanPerson): string {
  return p.institutionKey ? (r.institutionKeyOf.get(matchKey(p.institutionKey)) ?? p.institutionKey) : '';
}

/**
 * Matches a plan against the organiser's records as they are now: the dry run does it to say
 * what would happen, Import again inside its transaction (things may have changed since).
 */
async function resolvePlan(db: Kysely<Database>, actor: Actor, plan: StoredPlan): Promise<Resolution> {
  const planInstitutions = new Map<string, string>();
  for (const p of plan.people) {
    if (p.institutionKey && !planInstitutions.has(matchKey(p.institutionKey)))
      planInstitutions.set(matchKey(p.institutionKey), p.institutionKey);
  }
  const [owned, oneToOneKeys, teamInstitutions] = await Promise.all([
    listOwnedPersonKeys(db, actor.teamId, actor.userId),
    listOwnedOneToOneKeys(db, actor.teamId, actor.userId),
    findInstitutionsByMatchKey(db, actor.teamId, [...planInstitutions.keys()]),
  ]);
  // Per match key, the team's institution: the one spelt as the file does, else the oldest.
  const teamByMatch = new Map<string, { id: string; name_key: string }>();
  for (const i of teamInstitutions) {
    const match = matchKey(i.name_key);
    if (!teamByMatch.has(match) || i.name_key === planInstitutions.get(match)) teamByMatch.set(match, i);
  }
  const institutionKeyOf = new Map<string, string>();
  const existingInstitutions = new Map<string, string>();
  for (const [match, written] of planInstitutions) {
    const found = teamByMatch.get(match);
    institutionKeyOf.set(match, found?.name_key ?? written);
    if (found) existingInstitutions.set(found.name_key, found.id);
  }
  const bySlack = new Map<string, OwnedPersonKey>();
  const byKey = new Map<string, OwnedPersonKey>();
  for (const p of owned) {
    if (p.slack_user_id) bySlack.set(p.slack_user_id, p);
    byKey.set(personKey(p.name_key, p.institution_key), p);
  }
  const taken = new Set(byKey.keys());
  const people: PersonMatch[] = plan.people.map((p) => {
    const bySlackMatch = p.slackUserId ? bySlack.get(p.slackUserId) : undefined;
    const byName = byKey.get(personKey(p.nameKey, p.institutionKey));
    const match = bySlackMatch ?? byName;
    const otherMember =
      !bySlackMatch &&
      byName &&
      p.slackUserId &&
      byName.slack_user_id &&
      byName.slack_user_id !== p.slackUserId;
    if (match && !otherMember) {
      const fill: PersonMatch['fill'] = {};
      if (p.role && !match.role) fill.role = p.role;
      if (p.slackUserId && !match.slack_user_id && !bySlack.has(p.slackUserId))
        fill.slack_user_id = p.slackUserId;
      return {
        existingId: match.id,
        via: bySlackMatch ? 'slack' : 'name',
        institutionKey: match.institution_key,
        fill,
      };
    }
    // New. Two Slack members who share a name (and institution) stay apart, as the log form keeps them.
    let institutionKey = storedInstitutionKey({ institutionKeyOf }, p);
    if (taken.has(personKey(p.nameKey, institutionKey)) && p.slackUserId)
      institutionKey = `${institutionKey}@${p.slackUserId}`;
    taken.add(personKey(p.nameKey, institutionKey));
    return { institutionKey, fill: {} };
  });

  const importedKeys = new Set<string>();
  const meetings = new Set<string>();
  for (const o of oneToOneKeys) {
    if (o.source_view_id?.startsWith('import:')) importedKeys.add(o.source_view_id);
    meetings.add(`${o.person_id}\u0000${o.met_on}\u0000${o.duration_minutes}`);
  }
  let alreadyThere = 0;
  const counts: ImportCounts = { people: 0, institutions: 0, oneToOnes: 0, reflections: 0, nextSteps: 0 };
  const oneToOnes = plan.oneToOnes.map((o) => {
    const key = importRowKey(actor.teamId, actor.userId, o.contentHash);
    const existing = people[o.person]!.existingId;
    // Imported before (its hash), or the same meeting logged by hand (who, when, how long).
    const already =
      importedKeys.has(key) ||
      (existing !== undefined && meetings.has(`${existing}\u0000${o.metOn}\u0000${o.durationMinutes}`));
    if (already) alreadyThere++;
    else {
      counts.oneToOnes++;
      if (o.reflection) counts.reflections++;
      if (o.nextStep.kind !== 'none') counts.nextSteps++;
    }
    return { key, already };
  });
  const institutionKeys = new Set<string>();
  plan.people.forEach((p, i) => {
    if (people[i]!.existingId) return;
    counts.people++;
    if (p.institutionKey) institutionKeys.add(storedInstitutionKey({ institutionKeyOf }, p));
  });
  counts.institutions = [...institutionKeys].filter((k) => !existingInstitutions.has(k)).length;
  return {
    people,
    oneToOnes,
    institutionKeyOf,
    institutionKeys: [...institutionKeys],
    existingInstitutions,
    counts,
    alreadyThere,
  };
}

function hasWork(c: ImportCounts): boolean {
  return c.people + c.oneToOnes + c.reflections > 0;
}

/**
 * The dry run: reads the files, matches them, keeps the plan as a pending import (when there is
 * anything to do) and returns the summary for the organiser's DM. Nothing else is written.
 */
export async function startImport(
  deps: ImportDeps,
  actor: Actor,
  files: readonly IncomingFile[],
): Promise<StartImportResult> {
  if (files.length === 0) return { kind: 'no_files' };
  if (files.length > IMPORT_MAX_FILES) return { kind: 'too_many_files', limit: IMPORT_MAX_FILES };
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  // Anyone's expired dry runs lose their plan now (their private text is not kept past a day).
  await expirePendingImports(deps.db, nowIso);

  const hash = createHash('sha256');
  const read: ReadFile[] = [];
  for (const file of files) read.push(await readFile(deps, actor, file, hash));
  const today = await organiserToday(deps, actor);
  const plan = buildImportPlan(read, today, nowIso);
  const stored: StoredPlan = { people: plan.people, oneToOnes: plan.oneToOnes };
  const resolution = await resolvePlan(deps.db, actor, stored);

  let importId: string | null = null;
  let expiresAt: string | null = null;
  if (hasWork(resolution.counts)) {
    importId = newId();
    expiresAt = new Date(now.getTime() + IMPORT_TTL_MS).toISOString();
    await insertPendingImport(deps.db, {
      id: importId,
      team_id: actor.teamId,
      organiser_id: actor.userId,
      plan: JSON.stringify(stored),
      files_hash: hash.digest('hex'),
      counts: JSON.stringify(resolution.counts),
      created_at: nowIso,
      expires_at: expiresAt,
    });
  }
  const merged = plan.people.flatMap((p, i) => {
    const m = resolution.people[i]!;
    return m.existingId ? [{ name: p.name, institution: p.institution, via: m.via! }] : [];
  });
  deps.logger.info('import dry run', {
    files: files.length,
    oneToOnes: resolution.counts.oneToOnes,
    problems: plan.problems.length,
    pending: importId !== null,
  });
  return {
    kind: 'summary',
    summary: {
      importId,
      expiresAt,
      files: plan.files,
      create: resolution.counts,
      alreadyThere: resolution.alreadyThere,
      merged,
      problems: plan.problems.map((p) => ({
        fileName: plan.files[p.file]!.name,
        line: p.line,
        problem: p.problem,
      })),
      notImported: plan.notImported,
    },
  };
}

/**
 * Import: applies the actor's pending import in one transaction. The pending row is the claim (a
 * second click finds it applied); someone else's id finds nothing. Rows already recorded, by
 * their content hash or as the same meeting, are skipped, so it is safe to import a file twice.
 */
export async function applyImport(
  deps: Pick<Deps, 'db' | 'clock' | 'logger'>,
  actor: Actor,
  importId: string,
): Promise<ImportOutcome> {
  const nowIso = deps.clock.now().toISOString();
  const outcome = await deps.db
    .transaction()
    .execute(async (trx): Promise<ImportOutcome> => {
      const row = await findOwnedImport(trx, actor.teamId, actor.userId, importId);
      if (!row) return { kind: 'gone' };
      if (row.status !== 'pending' || !row.plan) {
        return { kind: 'finished', status: row.status === 'pending' ? 'expired' : row.status };
      }
      if (row.expires_at <= nowIso) {
        await finishImport(trx, actor.teamId, actor.userId, importId, 'expired', nowIso);
        return { kind: 'finished', status: 'expired' };
      }
      const plan = JSON.parse(row.plan) as StoredPlan;
      const resolution = await resolvePlan(trx, actor, plan);
      const created = await writePlan(trx, actor, plan, resolution, nowIso);
      const claimed = await finishImport(
        trx,
        actor.teamId,
        actor.userId,
        importId,
        'applied',
        nowIso,
        JSON.stringify(created),
      );
      // Only the first of two concurrent clicks gets here with the claim; the other rolls back.
      if (!claimed) throw new ImportAlreadyFinished();
      return { kind: 'applied', created, alreadyThere: resolution.alreadyThere };
    })
    .catch((error: unknown) => {
      if (error instanceof ImportAlreadyFinished) return { kind: 'finished', status: 'applied' } as const;
      throw error;
    });
  if (outcome.kind === 'applied') deps.logger.info('import applied', { ...outcome.created });
  return outcome;
}

class ImportAlreadyFinished extends Error {}

async function writePlan(
  trx: Kysely<Database>,
  actor: Actor,
  plan: StoredPlan,
  r: Resolution,
  now: string,
): Promise<ImportCounts> {
  const { teamId, userId } = actor;
  await ensureOrganiser(trx, teamId, userId, now);
  const newInstitutions = r.institutionKeys.filter((k) => !r.existingInstitutions.has(k));
  const institutionNames = new Map<string, string>();
  plan.people.forEach((p) => {
    const key = storedInstitutionKey(r, p);
    if (p.institution && !institutionNames.has(key)) institutionNames.set(key, p.institution);
  });
  await insertInstitutions(
    trx,
    newInstitutions.map((k) => ({
      id: newId(),
      team_id: teamId,
      name: institutionNames.get(k)!,
      name_key: k,
      created_at: now,
    })),
  );
  const institutionIds = await findInstitutionIds(trx, teamId, r.institutionKeys);

  const peopleBefore = (await listOwnedPersonKeys(trx, teamId, userId)).length;
  await insertPeople(
    trx,
    plan.people.flatMap((p, i) => {
      const m = r.people[i]!;
      if (m.existingId) return [];
      return [
        {
          id: newId(),
          team_id: teamId,
          organiser_id: userId,
          name: p.name,
          name_key: p.nameKey,
          institution_id: p.institutionKey ? (institutionIds.get(storedInstitutionKey(r, p)) ?? null) : null,
          institution_key: m.institutionKey,
          role: p.role,
          slack_user_id: p.slackUserId,
          created_at: now,
          updated_at: now,
        },
      ];
    }),
  );
  for (const m of r.people) {
    if (m.existingId && (m.fill.role || m.fill.slack_user_id))
      await fillPerson(trx, teamId, userId, m.existingId, m.fill, now);
  }
  // Each plan person's id now: read again, so a person saved meanwhile by a log is linked, not doubled.
  const after = await listOwnedPersonKeys(trx, teamId, userId);
  const bySlack = new Map<string, string>();
  const byKey = new Map<string, string>();
  const institutionOf = new Map<string, string | null>();
  for (const p of after) {
    if (p.slack_user_id) bySlack.set(p.slack_user_id, p.id);
    byKey.set(personKey(p.name_key, p.institution_key), p.id);
    institutionOf.set(p.id, p.institution_id);
  }
  const personIds = plan.people.map(
    (p, i) =>
      r.people[i]!.existingId ??
      (p.slackUserId ? bySlack.get(p.slackUserId) : undefined) ??
      byKey.get(personKey(p.nameKey, r.people[i]!.institutionKey)),
  );

  const rows = plan.oneToOnes.flatMap((o, i) => {
    const personId = personIds[o.person];
    if (r.oneToOnes[i]!.already || !personId) return [];
    return [
      {
        id: newId(),
        team_id: teamId,
        organiser_id: userId,
        person_id: personId,
        // The person's institution when met, as a log records it (the digest counts by it).
        institution_id: institutionOf.get(personId) ?? null,
        met_on: o.metOn,
        duration_minutes: o.durationMinutes,
        setting: o.setting,
        self_interest_needs: o.needs,
        self_interest_meaning: o.meaning,
        stories: o.stories,
        values_motivations: o.values,
        mutual_interests: o.mutual,
        listening_share: o.listening,
        continue_relationship: o.continue,
        next_step_kind: o.nextStep.kind,
        next_step_due_on: o.nextStep.dueOn,
        next_step_note: o.nextStep.note,
        next_step_done_at: o.nextStep.doneAt,
        source_view_id: r.oneToOnes[i]!.key,
        created_at: o.createdAt,
        updated_at: now,
      },
    ];
  });
  const created = await insertOneToOnesOnce(trx, rows);
  const reflections = plan.oneToOnes.flatMap((o, i) => {
    const id = created.get(r.oneToOnes[i]!.key);
    if (!id || !o.reflection) return [];
    return [
      {
        id: newId(),
        team_id: teamId,
        organiser_id: userId,
        one_to_one_id: id,
        motivations: o.reflection.motivations,
        contribution: o.reflection.contribution,
        differently: o.reflection.differently,
        depth: o.reflection.depth,
        created_at: o.reflection.createdAt ?? o.createdAt,
        updated_at: now,
      },
    ];
  });
  const reflected = await insertReflections(trx, reflections);
  // The digest's facts (first meetings, institutions met, the weeks' totals) for what came in.
  if (created.size > 0) await refreshOrganiserFacts(trx, teamId, userId, now);
  const createdIds = new Set(created.values());
  return {
    people: after.length - peopleBefore,
    institutions: newInstitutions.length,
    oneToOnes: created.size,
    reflections: reflected,
    nextSteps: rows.filter((row) => createdIds.has(row.id) && row.next_step_kind !== 'none').length,
  };
}

/** Cancel: the pending import is discarded (its plan cleared). Someone else's id finds nothing. */
export async function cancelImport(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  importId: string,
): Promise<ImportOutcome> {
  const nowIso = deps.clock.now().toISOString();
  const row = await findOwnedImport(deps.db, actor.teamId, actor.userId, importId);
  if (!row) return { kind: 'gone' };
  const done = await finishImport(deps.db, actor.teamId, actor.userId, importId, 'cancelled', nowIso);
  if (!done) return { kind: 'finished', status: row.status === 'pending' ? 'expired' : row.status };
  return { kind: 'cancelled' };
}

/** The nightly job's sweep: every expired pending import loses its plan. Returns how many. */
export async function expireImports(deps: Pick<Deps, 'db'>, now: Date): Promise<number> {
  return expirePendingImports(deps.db, now.toISOString());
}
