/**
 * Slash command, callback, block and action ids: shared by the views that render them, the
 * listeners that match them, and manifest.yml (COMMAND and the shortcut's callback id).
 * Changing a value here breaks open modals and old messages' buttons, so add rather than rename.
 */

export const COMMAND = '/onetoone';

export const SHORTCUT = {
  logOneToOne: 'log_one_to_one',
} as const;

export const CALLBACK = {
  logModal: 'oto_log',
  reflectionModal: 'oto_reflect',
} as const;

/** Block ids of the log modal; each input block has one element whose action id is `ACTION.input`. */
export const LOG_BLOCK = {
  existingPerson: 'who_existing',
  slackMember: 'who_member',
  newName: 'who_name',
  institution: 'who_institution',
  role: 'who_role',
  metOn: 'met_on',
  duration: 'duration',
  setting: 'setting',
  needs: 'self_interest_needs',
  meaning: 'self_interest_meaning',
  stories: 'stories',
  values: 'values_motivations',
  mutual: 'mutual_interests',
  listening: 'listening_share',
  continue: 'continue_relationship',
  nextStepKind: 'next_step_kind',
  nextStepDue: 'next_step_due',
  nextStepNote: 'next_step_note',
} as const;

export const REFLECT_BLOCK = {
  motivations: 'motivations',
  contribution: 'contribution',
  differently: 'differently',
  depth: 'depth',
} as const;

export const ACTION = {
  /** The single element inside each input block. */
  input: 'value',
  /** external_select over my people; answered by the options listener. */
  personSearch: 'person_search',
  reflectNow: 'reflect_now',
  openOneToOne: 'open_one_to_one',
  listPage: 'list_page',
} as const;

/**
 * Home tab and `/onetoone people` controls: every id starts with `home_` or `people_`, so one
 * listener (src/slack/listeners/actions/home-people.ts) matches them all with HOME_PEOPLE_ACTIONS.
 */
export const HOME_ACTION = {
  /** Opens the log modal; value: '' or one of my people's ids (filled in). */
  log: 'home_log',
  /** Marks a next step done; value: the one-to-one id. */
  done: 'home_done',
  /**
   * Opens the reflection modal; value: the one-to-one id. Not ACTION.reflectNow: the Home tab has
   * no response_url, so a refusal must go by DM, which this family's listener does.
   */
  reflect: 'home_reflect',
  /** Marks a one-to-one as needing no reflection; value: the one-to-one id. */
  dismissReflection: 'home_no_reflection',
  /** An introduction's answer from the Home tab; value: the introduction id. */
  introductionMet: 'home_intro_met',
  introductionNotYet: 'home_intro_not_yet',
  introductionWontHappen: 'home_intro_wont_happen',
  /** Resumes paused nudges (no value). */
  resume: 'home_resume',
  /** Open, in a modal, what `/onetoone people`, `map` and `stats` show (no value). */
  people: 'home_people',
  map: 'home_map',
  stats: 'home_stats',
  /** Opens the settings modal (openSettingsModal, src/slack/surfaces/modals.ts); no value. */
  settings: 'home_settings',
} as const;

/** The modals the Home tab's People, Map and Stats buttons open (read-only but for the people controls). */
export const HOME_CALLBACK = {
  people: 'home_people_modal',
  map: 'home_map_modal',
  stats: 'home_stats_modal',
} as const;

export const PEOPLE_ACTION = {
  /** Button; value '1' marks a leader, '0' unmarks. The person is in the block id. */
  leader: 'people_leader',
  /** static_select of stages (or 'auto'). */
  stage: 'people_stage',
  /** static_select of institution types for the person's institution. */
  institutionType: 'people_type',
  /** Newer/older page buttons; value: the query and page. */
  page: 'people_page',
} as const;

export const HOME_PEOPLE_ACTIONS = /^(home|people)_/;

/** `/onetoone introduce`: the modal and its blocks. Both selects use ACTION.personSearch (one options listener). */
export const INTRO_CALLBACK = 'oto_introduce';
export const INTRO_BLOCK = {
  personA: 'intro_person_a',
  personB: 'intro_person_b',
  why: 'intro_why',
  introducedOn: 'intro_on',
} as const;

/** `/onetoone forget` confirmation buttons; value: the person id. */
export const FORGET_ACTION = {
  confirm: 'forget_confirm',
  cancel: 'forget_cancel',
} as const;
export const FORGET_ACTIONS = /^forget_(confirm|cancel)$/;

/**
 * `/onetoone retention N` (shorter) confirmation buttons (value: the months) and the export
 * button in each organiser's notice DM.
 */
export const RETENTION_ACTION = {
  confirm: 'retention_confirm',
  cancel: 'retention_cancel',
  export: 'retention_export',
} as const;
export const RETENTION_ACTIONS = /^retention_(confirm|cancel|export)$/;

/**
 * Nudge DM buttons: `nudge:<kind>:<verb>` (e.g. `nudge:next_step:done`), value: the nudge's
 * ledger id. One listener (src/slack/listeners/actions/nudge.ts) matches them all; a new nudge
 * kind brings its own verbs without touching this file.
 */
export const NUDGE_ACTION_PREFIX = 'nudge:';
export const NUDGE_ACTIONS = /^nudge:([a-z_]+):([a-z0-9_]+)$/;

/**
 * A listening campaign's report (issue 11). Every id starts with `campaign_report_`, so one
 * listener (src/slack/listeners/actions/campaign-report.ts) matches them all with
 * CAMPAIGN_REPORT_ACTIONS. Values: the campaign id.
 */
export const CAMPAIGN_REPORT_ACTION = {
  /** Shows one campaign's report (from the list of several to choose from). */
  open: 'campaign_report_open',
  /** Posts the report to the campaign's channel (administrators; re-checked on the click). */
  post: 'campaign_report_post',
  /** conversations_select: posts the report to the chosen channel (administrators). */
  postTo: 'campaign_report_post_to',
} as const;
export const CAMPAIGN_REPORT_ACTIONS = /^campaign_report_(open|post|post_to)$/;
/** The modal the mid-point nudge's button opens: the report as it stands (read-only). */
export const CAMPAIGN_REPORT_CALLBACK = 'campaign_report_modal';
