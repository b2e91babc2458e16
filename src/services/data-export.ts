import type { Deps } from '../deps.js';
import type { CampaignQuoteExport, ExportCounts, MyData } from '../domain/data-control.js';
import { errorCode } from '../errors.js';
import { type IntroductionDetail, listOwnedIntroductions } from '../repositories/introductions.js';
import type { PersonWithInstitution } from '../repositories/people.js';
import {
  type ExportHouseMeeting,
  type ExportHouseMeetingPerson,
  type ExportOneToOne,
  type ExportQuote,
  type ExportReflection,
  type ExportTheme,
  listAllOwnedHouseMeetings,
  listAllOwnedOneToOnes,
  listAllOwnedPeople,
  listAllOwnedReflections,
  listOwnedHouseMeetingPeople,
  listOwnedHouseMeetingThemes,
  listOwnedOneToOneThemes,
  listOwnedQuotes,
} from '../repositories/queries/export.js';
import { exportFiles } from '../views/export-csv.js';
import { type Actor, organiserToday } from './organisers.js';

export type { ExportCounts } from '../domain/data-control.js';

function oneToOne(o: ExportOneToOne): MyData['oneToOnes'][number] {
  return {
    id: o.id,
    metOn: o.met_on,
    personId: o.person_id,
    personName: o.person_name,
    institutionName: o.institution_name,
    durationMinutes: o.duration_minutes,
    setting: o.setting,
    selfInterestNeeds: o.self_interest_needs,
    selfInterestMeaning: o.self_interest_meaning,
    stories: o.stories,
    valuesMotivations: o.values_motivations,
    mutualInterests: o.mutual_interests,
    listeningShare: o.listening_share,
    continueRelationship: o.continue_relationship,
    nextStepKind: o.next_step_kind,
    nextStepDueOn: o.next_step_due_on,
    nextStepNote: o.next_step_note,
    nextStepDoneAt: o.next_step_done_at,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    depth: o.depth,
  };
}

function reflection(r: ExportReflection): MyData['reflections'][number] {
  return {
    oneToOneId: r.one_to_one_id,
    metOn: r.met_on,
    personName: r.person_name,
    motivations: r.motivations,
    contribution: r.contribution,
    differently: r.differently,
    depth: r.depth,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function person(p: PersonWithInstitution): MyData['people'][number] {
  return {
    id: p.id,
    name: p.name,
    institutionName: p.institution_name,
    role: p.role,
    slackUserId: p.slack_user_id,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}

function introduction(i: IntroductionDetail): MyData['introductions'][number] {
  return {
    id: i.id,
    introducedOn: i.introduced_on,
    personAId: i.person_a_id,
    personAName: i.person_a_name,
    personAInstitution: i.person_a_institution,
    personBId: i.person_b_id,
    personBName: i.person_b_name,
    personBInstitution: i.person_b_institution,
    why: i.why,
    status: i.status,
    followUpDueOn: i.follow_up_due_on,
    outcomeAt: i.outcome_at,
    createdAt: i.created_at,
  };
}

function quote(q: ExportQuote): CampaignQuoteExport {
  return { text: q.text, themeLabel: q.theme_label, consentedAt: q.consented_at };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/** The host as the organiser chose them in the form. */
function hostOf(m: ExportHouseMeeting): string | null {
  if (m.host_kind === 'me') return 'me';
  if (m.host_kind === 'member') return m.host_member_name ?? m.host_user_id;
  return m.host_person_name;
}

function houseMeetings(
  meetings: readonly ExportHouseMeeting[],
  people: readonly ExportHouseMeetingPerson[],
  themes: readonly ExportTheme[],
  quotes: readonly ExportQuote[],
): MyData['houseMeetings'] {
  const peopleOf = groupBy(people, (p) => p.house_meeting_id);
  const themesOf = groupBy(themes, (t) => t.source_id);
  const quotesOf = groupBy(quotes, (q) => q.source_id);
  return meetings.map((m) => {
    const named = peopleOf.get(m.id) ?? [];
    const heard = themesOf.get(m.id) ?? [];
    const said = quotesOf.get(m.id) ?? [];
    // A house meeting belongs to one campaign; its quote is that campaign's.
    const q = said.find((x) => x.campaign_id === m.campaign_id) ?? said[0];
    return {
      id: m.id,
      heldOn: m.held_on,
      hostKind: m.host_kind,
      host: hostOf(m),
      // Only while that person is still mine (the join finds them).
      hostPersonId: m.host_person_name === null ? null : m.host_person_id,
      hostSlackUserId: m.host_kind === 'member' ? m.host_user_id : null,
      place: m.place,
      attendance: m.attendance,
      attendees: named.map((p) => p.name),
      wouldLikeOneToOne: named.filter((p) => p.follow_up_id !== null).map((p) => p.name),
      campaignName: m.campaign_name ?? heard[0]?.campaign_name ?? q?.campaign_name ?? null,
      themes: heard.map((t) => t.label),
      quote: q ? quote(q) : null,
      createdAt: m.created_at,
      updatedAt: m.updated_at,
    };
  });
}

function houseMeetingPerson(p: ExportHouseMeetingPerson): MyData['houseMeetingPeople'][number] {
  return {
    houseMeetingId: p.house_meeting_id,
    heldOn: p.held_on,
    personId: p.person_id,
    name: p.name,
    institutionName: p.institution_name,
    wouldLikeOneToOne: p.follow_up_id !== null,
    followUpDueOn: p.follow_up_due_on,
    followUpDoneAt: p.follow_up_done_at,
  };
}

/** One row per one-to-one and campaign with themes or a quote, in the one-to-ones' order. */
function campaignNotes(
  oneToOnes: readonly ExportOneToOne[],
  themes: readonly ExportTheme[],
  quotes: readonly ExportQuote[],
): MyData['campaignNotes'] {
  const themesOf = groupBy(themes, (t) => t.source_id);
  const quotesOf = groupBy(quotes, (q) => q.source_id);
  const out: MyData['campaignNotes'] = [];
  for (const o of oneToOnes) {
    const heard = themesOf.get(o.id) ?? [];
    const said = quotesOf.get(o.id) ?? [];
    const campaigns = new Map<string, string>();
    for (const x of [...heard, ...said]) campaigns.set(x.campaign_id, x.campaign_name);
    const ordered = [...campaigns].sort(([a, an], [b, bn]) => an.localeCompare(bn) || a.localeCompare(b));
    for (const [campaignId, campaignName] of ordered) {
      const q = said.find((x) => x.campaign_id === campaignId);
      out.push({
        oneToOneId: o.id,
        metOn: o.met_on,
        campaignName,
        themes: heard.filter((t) => t.campaign_id === campaignId).map((t) => t.label),
        quote: q ? quote(q) : null,
      });
    }
  }
  return out;
}

export type ExportDeps = Pick<Deps, 'db'> & Parameters<typeof organiserToday>[0];

/** Everything the actor wrote. Only their own rows: every query is scoped to them. */
export async function buildMyExport(
  deps: ExportDeps,
  actor: Actor,
): Promise<{ data: MyData; counts: ExportCounts }> {
  const { teamId, userId } = actor;
  const [oneToOnes, reflections, people, introductions, date] = await Promise.all([
    listAllOwnedOneToOnes(deps.db, teamId, userId),
    listAllOwnedReflections(deps.db, teamId, userId),
    listAllOwnedPeople(deps.db, teamId, userId),
    listOwnedIntroductions(deps.db, teamId, userId),
    organiserToday(deps, actor),
  ]);
  const [meetings, meetingPeople, meetingThemes, meetingQuotes, oneToOneThemes, oneToOneQuotes] =
    await Promise.all([
      listAllOwnedHouseMeetings(deps.db, teamId, userId),
      listOwnedHouseMeetingPeople(deps.db, teamId, userId),
      listOwnedHouseMeetingThemes(deps.db, teamId, userId),
      listOwnedQuotes(deps.db, teamId, userId, 'house_meeting'),
      listOwnedOneToOneThemes(deps.db, teamId, userId),
      listOwnedQuotes(deps.db, teamId, userId, 'one_to_one'),
    ]);
  const notes = campaignNotes(oneToOnes, oneToOneThemes, oneToOneQuotes);
  return {
    data: {
      date,
      oneToOnes: oneToOnes.map(oneToOne),
      reflections: reflections.map(reflection),
      people: people.map(person),
      introductions: introductions.map(introduction),
      houseMeetings: houseMeetings(meetings, meetingPeople, meetingThemes, meetingQuotes),
      houseMeetingPeople: meetingPeople.map(houseMeetingPerson),
      campaignNotes: notes,
    },
    counts: {
      oneToOnes: oneToOnes.length,
      reflections: reflections.length,
      people: people.length,
      introductions: introductions.length,
      houseMeetings: meetings.length,
      campaignNotes: new Set(notes.map((n) => n.oneToOneId)).size,
    },
  };
}

export type ExportResult = { kind: 'sent'; counts: ExportCounts } | { kind: 'failed'; code: string };

/**
 * `/onetoone export`: the actor's data as CSV files, uploaded to their DM with the bot (and
 * nowhere else) with one comment. A failed upload is answered, not thrown: `code` is Slack's (or
 * the client's) error code, for the log.
 */
export async function exportMyData(
  deps: ExportDeps & Pick<Deps, 'slack'>,
  actor: Actor,
  comment: (counts: ExportCounts) => string,
): Promise<ExportResult> {
  try {
    const { data, counts } = await buildMyExport(deps, actor);
    await deps.slack.uploadToDm(actor.teamId, actor.userId, {
      comment: comment(counts),
      files: exportFiles(data).map((f) => ({ bytes: f.bytes, filename: f.filename, title: f.title })),
    });
    return { kind: 'sent', counts };
  } catch (error) {
    return { kind: 'failed', code: errorCode(error) };
  }
}
