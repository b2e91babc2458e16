import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { HouseMeetingHostKind, QuoteSourceKind } from '../domain/campaign.js';
import type { IntroductionStatus } from '../domain/introduction.js';
import type { LeadAccessKind, LeadShareStatus } from '../domain/lead.js';
import type { ContinueChoice, Depth, ListeningShare, NextStepKind } from '../domain/one-to-one.js';
import type { InstitutionType, RelationshipStage } from '../domain/relationship.js';

/**
 * The one place table types live. Instants are ISO-8601 UTC strings; calendar dates the
 * organiser chose are YYYY-MM-DD strings; flags are 0/1 integers (portable to PostgreSQL).
 */

/** A column with a database default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

// The one-to-one's choices are the domain's (src/domain/one-to-one.ts); re-exported for the tables.
// Relationship stages, institution types and introduction statuses are the domain's too.
export type {
  ContinueChoice,
  Depth,
  InstitutionType,
  IntroductionStatus,
  ListeningShare,
  NextStepKind,
  RelationshipStage,
};

export interface OrganisersTable {
  team_id: string;
  user_id: string;
  weekly_goal: Defaulted<number>;
  time_zone: string | null;
  time_zone_checked_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface InstitutionsTable {
  id: string;
  team_id: string;
  name: string;
  name_key: string;
  created_at: string;
  /** Team-wide, set by any organiser; null until someone says. */
  type: InstitutionType | null;
  /** Date of the first one-to-one anyone logged there (migration 0600, kept on write). */
  first_met_on: Defaulted<string | null>;
}

export interface PeopleTable {
  id: string;
  team_id: string;
  /** Slack user id of the organiser who owns this record. */
  organiser_id: string;
  name: string;
  name_key: string;
  institution_id: string | null;
  institution_key: Defaulted<string>;
  role: string | null;
  slack_user_id: string | null;
  /** 0/1: a leader in their institution (has a following), marked by the organiser. */
  is_leader: Defaulted<number>;
  /** The organiser's correction of the computed stage; null: computed. */
  stage_override: RelationshipStage | null;
  created_at: string;
  updated_at: string;
  /** Facts kept on write for the digest (migration 0600): the first and second one-to-one's dates… */
  first_met_on: Defaulted<string | null>;
  second_met_on: Defaulted<string | null>;
  /** …and when an introduction or an action step with them was first marked done (instants). */
  introduced_at: Defaulted<string | null>;
  action_at: Defaulted<string | null>;
}

export interface OneToOnesTable {
  id: string;
  team_id: string;
  organiser_id: string;
  person_id: string;
  met_on: string;
  duration_minutes: number;
  setting: string | null;
  self_interest_needs: string | null;
  self_interest_meaning: string | null;
  stories: string | null;
  values_motivations: string | null;
  mutual_interests: string | null;
  listening_share: ListeningShare | null;
  continue_relationship: ContinueChoice | null;
  next_step_kind: Defaulted<NextStepKind>;
  next_step_due_on: string | null;
  next_step_note: string | null;
  next_step_done_at: string | null;
  source_view_id: string | null;
  created_at: string;
  updated_at: string;
  /** The organiser said it needs no reflection, from the Home tab (migration 0500): off the waiting list. */
  reflection_dismissed_at: Defaulted<string | null>;
  /** How deep we went, from step two of the log (migration 0350); older records have it on their reflection. */
  depth: Defaulted<Depth | null>;
  /** The person's institution when met (migration 0600, set on write): institutions reached. */
  institution_id: Defaulted<string | null>;
}

/** The weekly goal in force from a week on (migration 0600): each week is judged by its own. */
export interface GoalHistoryTable {
  team_id: string;
  user_id: string;
  /** Monday (the organiser's local date) the goal applies from; '0001-01-01': since always. */
  from_week: string;
  weekly_goal: number;
  created_at: string;
  updated_at: string;
}

/** An organiser's one-to-ones of one week, added up on write (migration 0600) for the digest. */
export interface OneToOneWeeksTable {
  team_id: string;
  organiser_id: string;
  /** Monday of the met_on dates counted. */
  week_start: string;
  held: number;
  minutes: number;
  /** With a next step agreed (any kind but none). */
  steps_agreed: number;
  updated_at: string;
}

/** The workspace's member directory, read with users.list, for the log's "who" field (migration 0350). */
export interface SlackMembersTable {
  team_id: string;
  user_id: string;
  name: string;
  name_key: string;
  updated_at: string;
}

/** When a workspace's member directory was last read, and who is reading it (migration 0350). */
export interface SlackMemberSyncsTable {
  team_id: string;
  claimed_at: string | null;
  synced_at: string | null;
}

export interface ReflectionsTable {
  id: string;
  team_id: string;
  organiser_id: string;
  one_to_one_id: string;
  motivations: string | null;
  contribution: string | null;
  differently: string | null;
  depth: Depth | null;
  created_at: string;
  updated_at: string;
}

export interface WorkspaceSettingsTable {
  team_id: string;
  /** IANA zone for the workspace's weeks and digest schedule; null: DEFAULT_TIME_ZONE. */
  time_zone: string | null;
  /** monday … sunday; null: DIGEST_DAY. */
  digest_day: string | null;
  /** HH:MM local; null: DIGEST_TIME. */
  digest_time: string | null;
  /** Delete one-to-one text older than this many months (counts are kept); null: keep. */
  retention_months: number | null;
  /** A shorter period an admin confirmed, waiting out its grace period (migration 0700). */
  retention_pending_months: number | null;
  /** Workspace-local date (YYYY-MM-DD) from which the pending period applies. */
  retention_pending_on: string | null;
  /** Who confirmed it. */
  retention_pending_by: string | null;
  created_at: string;
  updated_at: string;
}

/** One DM per organiser telling them their old notes will be blanked (migration 0700). */
export interface RetentionNoticesTable {
  team_id: string;
  user_id: string;
  effective_on: string;
  months: number;
  status: 'claimed' | 'sent' | 'failed';
  claim_token: string;
  claimed_at: string;
  attempts: number;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

/** An introduction an organiser brokers between two of their own people (migration 0400). */
export interface IntroductionsTable {
  id: string;
  team_id: string;
  organiser_id: string;
  person_a_id: string;
  person_b_id: string;
  why: string | null;
  status: Defaulted<IntroductionStatus>;
  /** 0/1: the two people were at different institutions when introduced. */
  across_institutions: Defaulted<number>;
  introduced_on: string;
  /** When the organiser is asked whether they met; null once an outcome is final. */
  follow_up_due_on: string | null;
  outcome_at: string | null;
  source_view_id: string | null;
  created_at: string;
  updated_at: string;
}

/** One row per `/onetoone forget`: who and when, and how many rows of each kind. Never content. */
export interface ErasuresTable {
  id: string;
  team_id: string;
  organiser_id: string;
  erased_at: string;
  people: number;
  one_to_ones: number;
  reflections: number;
  next_steps: number;
  introductions: number;
  nudges: number;
}

/** A channel that gets the weekly digest; its team is the channel's members. */
export interface DigestSubscriptionsTable {
  team_id: string;
  channel_id: string;
  subscribed_by: string;
  created_at: string;
  updated_at: string;
  /** This channel's own schedule (migration 1100), set by its subscriber or an admin; null: the workspace's. */
  digest_day: Defaulted<string | null>;
  digest_time: Defaulted<string | null>;
  time_zone: Defaulted<string | null>;
}

export type DigestStatus = 'claimed' | 'sent' | 'failed';

/** One row per (workspace, channel, reported week): claimed before posting, marked sent after. */
export interface DigestLedgerTable {
  id: string;
  team_id: string;
  channel_id: string;
  /** Monday of the reported week, in the workspace's time zone. */
  week_start: string;
  status: DigestStatus;
  claim_token: string;
  claimed_at: string;
  attempts: Defaulted<number>;
  /** A Slack error code only, never content. */
  last_error: string | null;
  message_ts: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
  /** The trend picture in the post's thread (migration 0600): null, claimed, uploaded or failed. */
  picture_status: Defaulted<string | null>;
}

export type NudgeStatus = 'claimed' | 'sent' | 'failed';
export type NudgeDayStatus = 'claimed' | 'sent' | 'failed' | 'skipped';

/** One row per nudge ever claimed: the unique key (team, user, kind, subject, due_on) makes it once. */
export interface NudgeLedgerTable {
  id: string;
  team_id: string;
  user_id: string;
  kind: string;
  subject_id: string;
  due_on: string;
  status: NudgeStatus;
  /** The organiser's local date of the DM carrying this nudge. */
  local_date: string;
  claim_token: string | null;
  claimed_at: string | null;
  attempts: Defaulted<number>;
  channel: string | null;
  ts: string | null;
  sent_at: string | null;
  /** What the organiser did with it ('done', 'snoozed:YYYY-MM-DD', …); null while open. */
  outcome: string | null;
  outcome_at: string | null;
  created_at: string;
  updated_at: string;
}

/** At most one nudge DM per organiser per local date. */
export interface NudgeDaysTable {
  team_id: string;
  user_id: string;
  local_date: string;
  status: NudgeDayStatus;
  claim_token: string | null;
  claimed_at: string | null;
  attempts: Defaulted<number>;
  channel: string | null;
  ts: string | null;
  sent_at: string | null;
  /** A Slack error code only. */
  error: string | null;
  /** JSON of ids and counts (what the DM showed besides its cards); never user text. */
  extras: string | null;
  created_at: string;
  updated_at: string;
}

/** An organiser's working days and daily-summary choice (issue 9). No row: Monday–Friday, summary on. */
export interface NudgeSettingsTable {
  team_id: string;
  user_id: string;
  /** ISO weekdays, comma-separated: '1,2,3,4,5'. */
  working_days: string;
  /** 0/1. */
  daily_summary: number;
  created_at: string;
  updated_at: string;
}

/** Per-organiser nudge settings; kind '*' is all nudges. No row: the kind's default. */
export interface NudgePreferencesTable {
  team_id: string;
  user_id: string;
  kind: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

/**
 * Nudge pauses, kept as history (issue 9): no nudge while starts_on <= local date < until_on.
 * Resuming early sets until_on to that day and ended_at, so past weeks still read right.
 */
export interface PausesTable {
  id: string;
  team_id: string;
  user_id: string;
  /** The organiser's local date the pause began. */
  starts_on: string;
  /** Exclusive: nudges resume on this local date. */
  until_on: string;
  created_at: string;
  /** Set when the organiser resumed before until_on. */
  ended_at: string | null;
}

/** One row per workspace that installed the app (issue 10). Tokens only as AES-256-GCM ciphertexts. */
export interface InstallationsTable {
  team_id: string;
  enterprise_id: string | null;
  /** 0/1: org-wide installs are refused, so 0. */
  is_enterprise_install: Defaulted<number>;
  bot_token_ciphertext: string;
  /** Which TOKEN_ENCRYPTION_KEY sealed the ciphertext (a fingerprint of the key, not the key). */
  bot_token_key_id: string;
  bot_refresh_token_ciphertext: string | null;
  bot_refresh_key_id: string | null;
  /** ISO instant; only with token rotation on. */
  bot_token_expires_at: string | null;
  bot_user_id: string;
  bot_id: string;
  /** Comma-separated. */
  scopes: string;
  installer_user_id: string;
  app_id: string;
  installed_at: string;
  updated_at: string;
  /** Set on app_uninstalled / tokens_revoked: the workspace gets no further Slack call. */
  uninstalled_at: string | null;
  /** End of the grace period after an uninstall: then its data is erased. */
  erase_after: string | null;
}

export type InstallationEvent = 'installed' | 'reinstalled' | 'uninstalled' | 'tokens_revoked' | 'erased';

/** Install, uninstall and erasure events: counts at most, never a token. */
export interface InstallationAuditTable {
  id: string;
  team_id: string;
  event: InstallationEvent;
  at: string;
  /** JSON of row counts (an erasure's), or null. */
  counts: string | null;
}

/** OAuth `state` values already used (issue 10): a replayed redirect is refused. */
export interface OAuthStatesTable {
  /** SHA-256 (hex) of the state; never the state itself. */
  state_hash: string;
  used_at: string;
  /** When the state would have expired anyway: the row can go after this. */
  expires_at: string;
}

/** A listening campaign (issue 11, migration 0800). Dates are read in its creator's zone. */
export interface CampaignsTable {
  id: string;
  team_id: string;
  name: string;
  question: string;
  starts_on: string;
  /** Inclusive. */
  ends_on: string;
  /** null: a campaign of chosen members. At most one open campaign per channel. */
  channel_id: string | null;
  target_per_visitor: Defaulted<number>;
  /** A theme heard by fewer distinct people than this is never shown to the team. */
  min_count: Defaulted<number>;
  time_zone: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** The local date it was closed: conversations count from starts_on to min(ends_on, closed_on). */
  closed_on: string | null;
  source_view_id: string | null;
}

/** Who administers a campaign besides workspace admins: its creator. */
export interface CampaignAdminsTable {
  team_id: string;
  campaign_id: string;
  user_id: string;
}

/** The visitors: the channel's human members (snapshot at creation, refreshed on edit) or the chosen. */
export interface CampaignMembersTable {
  team_id: string;
  campaign_id: string;
  user_id: string;
}

export interface CampaignThemesTable {
  id: string;
  team_id: string;
  campaign_id: string;
  label: string;
  /** themeKey(label): unique per campaign. */
  label_key: string;
  position: number;
  /** Taken off the list by an edit: no longer offered; what was heard stays counted. */
  archived_at: string | null;
  /** null: on the list. Set: typed as "another theme" by this visitor, offered to them only. */
  added_by: string | null;
  created_at: string;
}

/** A theme heard in a one-to-one. No text: a count. */
export interface OneToOneThemesTable {
  team_id: string;
  one_to_one_id: string;
  theme_id: string;
  campaign_id: string;
  /**
   * The one-to-one's organiser, person and date, copied onto each tag so a previous campaign's
   * ranking counts its themes from its tags alone (migrations/2026-12-02-1700-campaign-theme-facts.ts):
   * written with the tag and rewritten when the one-to-one's person or date is edited. Null only
   * on a tag written by a version before that migration while it ran (the migration backfills).
   */
  organiser_id: Defaulted<string | null>;
  person_id: Defaulted<string | null>;
  met_on: Defaulted<string | null>;
  /**
   * The one-to-one's institution (one_to_ones.institution_id: the person's when met), which the
   * report counts institutions by (migrations/2026-12-02-1800-campaign-theme-institution.ts).
   */
  institution_id: Defaulted<string | null>;
  /**
   * Which facts the tag carries: 2 all of the above; 1 all but the institution (written by the
   * version of migration 1700 during a rolling upgrade, the column's default). A report reads a
   * tag below 2 through its one-to-one.
   */
  facts: Defaulted<number>;
}

export interface HouseMeetingsTable {
  id: string;
  team_id: string;
  /** The organiser who logged it. */
  organiser_id: string;
  held_on: string;
  host_kind: HouseMeetingHostKind;
  host_user_id: string | null;
  host_person_id: string | null;
  /** Free text, blanked by retention. */
  place: string | null;
  attendance: number;
  campaign_id: string | null;
  created_at: string;
  updated_at: string;
  view_id: string | null;
}

export interface HouseMeetingAttendeesTable {
  team_id: string;
  house_meeting_id: string;
  person_id: string;
}

export interface HouseMeetingThemesTable {
  team_id: string;
  house_meeting_id: string;
  theme_id: string;
  campaign_id: string;
}

/** "Would like a one-to-one": a next step "another meeting" for the organiser, due a week after. */
export interface HouseMeetingFollowUpsTable {
  id: string;
  team_id: string;
  organiser_id: string;
  house_meeting_id: string;
  person_id: string;
  next_step_kind: Defaulted<NextStepKind>;
  due_on: string;
  done_at: string | null;
  created_at: string;
  updated_at: string;
}

/** An anonymous quote the speaker agreed may be read out; withdrawn consent deletes the row. */
export interface CampaignQuotesTable {
  id: string;
  team_id: string;
  campaign_id: string;
  theme_id: string | null;
  source_kind: QuoteSourceKind;
  /** one_to_ones.id or house_meetings.id. */
  source_id: string;
  organiser_id: string;
  /** The source's local date (met_on / held_on). */
  said_on: string;
  /** null once retention blanked it. */
  text: string | null;
  consented_at: string;
  created_at: string;
  updated_at: string;
}

export type ImportStatus = 'pending' | 'applied' | 'cancelled' | 'expired';

/** A `/onetoone import` dry run until Import or Cancel (issue 12); `plan` is cleared after. */
export interface ImportsTable {
  id: string;
  team_id: string;
  organiser_id: string;
  status: ImportStatus;
  /** JSON of the rows to create (the organiser's private text); null once finished. */
  plan: string | null;
  /** SHA-256 (hex) of the files' bytes. */
  files_hash: string;
  /** JSON counts only. */
  counts: string | null;
  created_at: string;
  expires_at: string;
  finished_at: string | null;
}

/** A lead organiser invited by an organiser to see their counts (issue 12, migration 0900). */
export interface LeadSharesTable {
  id: string;
  team_id: string;
  organiser_id: string;
  lead_id: string;
  status: LeadShareStatus;
  invited_at: string;
  /** Since when the lead sees the figures (the latest acceptance). */
  accepted_at: string | null;
  /** When it was declined or stopped. */
  ended_at: string | null;
  /** The weekly evaluation: ISO weekday (1 Monday … 7 Sunday), HH:MM in eval_time_zone. */
  eval_weekday: number | null;
  eval_time: string | null;
  eval_time_zone: string | null;
  created_at: string;
  updated_at: string;
}

/** Every time a lead was shown an organiser's figures: who, when, what. No figures, no text. */
export interface LeadAccessLogTable {
  id: string;
  team_id: string;
  organiser_id: string;
  lead_id: string;
  what: LeadAccessKind;
  at: string;
}

/** A reflection the organiser chose to share with one lead (read-only for them; revocable). */
export interface LeadSharedReflectionsTable {
  team_id: string;
  organiser_id: string;
  lead_id: string;
  reflection_id: string;
  shared_at: string;
}

/** The organiser's own points for one evaluation, written for the lead. */
export interface LeadAgendaPointsTable {
  team_id: string;
  share_id: string;
  eval_on: string;
  points: string;
  created_at: string;
  updated_at: string;
}

/** The agenda DM to each of a pair for one evaluation, claimed before sending. */
export interface LeadAgendaLedgerTable {
  id: string;
  team_id: string;
  share_id: string;
  eval_on: string;
  recipient: 'organiser' | 'lead';
  status: 'claimed' | 'sent' | 'failed';
  claim_token: string;
  claimed_at: string;
  attempts: Defaulted<number>;
  channel: string | null;
  ts: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  workspace_settings: WorkspaceSettingsTable;
  retention_notices: RetentionNoticesTable;
  organisers: OrganisersTable;
  institutions: InstitutionsTable;
  people: PeopleTable;
  one_to_ones: OneToOnesTable;
  reflections: ReflectionsTable;
  goal_history: GoalHistoryTable;
  one_to_one_weeks: OneToOneWeeksTable;
  digest_subscriptions: DigestSubscriptionsTable;
  digest_ledger: DigestLedgerTable;
  introductions: IntroductionsTable;
  erasures: ErasuresTable;
  nudge_ledger: NudgeLedgerTable;
  nudge_days: NudgeDaysTable;
  nudge_preferences: NudgePreferencesTable;
  pauses: PausesTable;
  nudge_settings: NudgeSettingsTable;
  installations: InstallationsTable;
  installation_audit: InstallationAuditTable;
  oauth_states: OAuthStatesTable;
  imports: ImportsTable;
  campaigns: CampaignsTable;
  campaign_admins: CampaignAdminsTable;
  campaign_members: CampaignMembersTable;
  campaign_themes: CampaignThemesTable;
  one_to_one_themes: OneToOneThemesTable;
  house_meetings: HouseMeetingsTable;
  house_meeting_attendees: HouseMeetingAttendeesTable;
  house_meeting_themes: HouseMeetingThemesTable;
  house_meeting_follow_ups: HouseMeetingFollowUpsTable;
  campaign_quotes: CampaignQuotesTable;
  slack_members: SlackMembersTable;
  slack_member_syncs: SlackMemberSyncsTable;
  lead_shares: LeadSharesTable;
  lead_access_log: LeadAccessLogTable;
  lead_shared_reflections: LeadSharedReflectionsTable;
  lead_agenda_points: LeadAgendaPointsTable;
  lead_agenda_ledger: LeadAgendaLedgerTable;
}

export type WorkspaceSettings = Selectable<WorkspaceSettingsTable>;
export type Organiser = Selectable<OrganisersTable>;
export type Institution = Selectable<InstitutionsTable>;
export type Person = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type OneToOne = Selectable<OneToOnesTable>;
export type NewOneToOne = Insertable<OneToOnesTable>;
export type OneToOneUpdate = Updateable<OneToOnesTable>;
export type Reflection = Selectable<ReflectionsTable>;
export type Introduction = Selectable<IntroductionsTable>;
export type Erasure = Selectable<ErasuresTable>;
export type DigestSubscription = Selectable<DigestSubscriptionsTable>;
export type DigestLedgerEntry = Selectable<DigestLedgerTable>;
export type NudgeLedgerEntry = Selectable<NudgeLedgerTable>;
export type NudgeDay = Selectable<NudgeDaysTable>;
export type PauseRow = Selectable<PausesTable>;
export type InstallationRow = Selectable<InstallationsTable>;
export type NewInstallationRow = Insertable<InstallationsTable>;
export type CampaignRow = Selectable<CampaignsTable>;
export type CampaignThemeRow = Selectable<CampaignThemesTable>;
export type HouseMeetingRow = Selectable<HouseMeetingsTable>;
export type CampaignQuoteRow = Selectable<CampaignQuotesTable>;
