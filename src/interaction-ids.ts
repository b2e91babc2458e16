/**
 * Slash command, callback, block and action ids: shared by the views that render them, the
 * listeners that match them, and manifest.yml (COMMAND and the shortcut's callback id).
 * Changing a value here breaks open modals and old messages' buttons, so add rather than rename.
 */

export const COMMAND = '/onetoone';

export const SHORTCUT = {
  logOneToOne: 'log_one_to_one',
  /** Message shortcut "Log a one-to-one with this person": the form with the message's author chosen. */
  logWithAuthor: 'log_one_to_one_author',
} as const;

/** Both log shortcuts, matched by one listener (each listener is a cost on every request). */
export const LOG_SHORTCUTS = /^log_one_to_one(_author)?$/;

export const CALLBACK = {
  /** Step one of the log: who, when, how long, the next step. */
  logModal: 'oto_log',
  /** Step two of the log: what I learned (optional, saved on its own). */
  logLearned: 'oto_log_learned',
  reflectionModal: 'oto_reflect',
} as const;

/** Both steps of the log modal, matched by one view listener. */
export const LOG_CALLBACKS = /^oto_log(_learned)?$/;

/**
 * Block ids of the log modal; each input block has one element whose action id is `ACTION.input`.
 * `existingPerson` is step one's one "who" field (an external_select, ACTION.personSearch); the
 * `slackMember` and `newName` blocks belong to the single form before the two steps and are still
 * read, so a modal left open across an upgrade saves. `depth` and the learned fields are step two.
 */
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
  depth: 'depth',
} as const;

/** Step one's blocks, by field: who (the one select), a new person's institution and role, when, how long, the next step. */
export const LOG_STEP_ONE_BLOCK = {
  who: LOG_BLOCK.existingPerson,
  institution: LOG_BLOCK.institution,
  role: LOG_BLOCK.role,
  metOn: LOG_BLOCK.metOn,
  duration: LOG_BLOCK.duration,
  nextStepKind: LOG_BLOCK.nextStepKind,
  nextStepDue: LOG_BLOCK.nextStepDue,
  nextStepNote: LOG_BLOCK.nextStepNote,
} as const;

/** Step two's blocks, by field: what I learned. */
export const LOG_LEARNED_BLOCK = {
  setting: LOG_BLOCK.setting,
  needs: LOG_BLOCK.needs,
  meaning: LOG_BLOCK.meaning,
  stories: LOG_BLOCK.stories,
  values: LOG_BLOCK.values,
  mutual: LOG_BLOCK.mutual,
  listening: LOG_BLOCK.listening,
  continue: LOG_BLOCK.continue,
  depth: LOG_BLOCK.depth,
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
  /** Opens step two of the log ("what I learned") for a one-to-one; value: its id. */
  openLearned: 'open_learned',
} as const;

/** `/onetoone list`'s page buttons: ACTION.listPage, a suffix, then the page's query. */
export const LIST_PAGE_ACTIONS = new RegExp(`^${ACTION.listPage}_`);

/**
 * The log modal's own actions, one listener: a choice in the "who" select (dispatch_action; a new
 * person brings the institution and role fields) and the "what I learned" button.
 */
export const LOG_ACTIONS = /^(person_search|open_learned(_\d{1,2})?)$/;

/**
 * The daily summary's "What I learned" buttons, one per meeting in one actions block: Slack wants
 * action ids unique within a block, so each is ACTION.openLearned and its place (LOG_ACTIONS).
 */
export function openLearnedActionId(index: number): string {
  return `${ACTION.openLearned}_${index}`;
}
/** Whether an action id is a "What I learned" button, with or without its place. */
export function isOpenLearnedAction(actionId: string | undefined): boolean {
  return actionId !== undefined && /^open_learned(_\d{1,2})?$/.test(actionId);
}
/** The daily summary's block of "What I learned" buttons. */
export const LEARNED_BLOCK = 'summary_learned';

/**
 * Home tab and `/onetoone people` controls: every id starts with `home_` or `people_`, so one
 * listener (src/slack/listeners/actions/home-people.ts) matches them all with HOME_PEOPLE_ACTIONS.
 */
export const HOME_ACTION = {
  /** Opens the log modal; value: '' or one of my people's ids (filled in). */
  log: 'home_log',
  /** Marks a next step done; value: the one-to-one id. */
  done: 'home_done',
  /** Marks a house meeting's "would like a one-to-one" follow-up done; value: the follow-up id. */
  doneFollowUp: 'home_done_follow_up',
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
 * The nudge DM's link to the app's Home tab: a url button, which Slack still reports to the app
 * (it must be acknowledged); the nudge listener acks it and does nothing else. `home` is no kind.
 */
export const NUDGE_HOME_KIND = 'home';
export const NUDGE_HOME_ACTION = `${NUDGE_ACTION_PREFIX}${NUDGE_HOME_KIND}:open`;

/** `/onetoone settings`: the modal and its blocks (issue 9). */
export const SETTINGS_CALLBACK = 'oto_settings';
export const SETTINGS_BLOCK = {
  workingDays: 'settings_days',
  dailySummary: 'settings_summary',
  allOn: 'settings_nudges',
  kinds: 'settings_kinds',
  pauseUntil: 'settings_pause',
} as const;

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
  /** Exports one campaign's report (from the list of several to choose from). */
  exportOne: 'campaign_report_export',
} as const;
export const CAMPAIGN_REPORT_ACTIONS = /^campaign_report_(open|post|post_to|export)$/;
/** The modal the mid-point nudge's button opens: the report as it stands (read-only). */
export const CAMPAIGN_REPORT_CALLBACK = 'campaign_report_modal';

/** `/onetoone campaign new|edit`: the campaign modal (private_metadata: the campaign id when editing). */
export const CAMPAIGN_CALLBACK = 'campaign_form';
export const CAMPAIGN_BLOCK = {
  name: 'campaign_name',
  question: 'campaign_question',
  startsOn: 'campaign_starts',
  endsOn: 'campaign_ends',
  channel: 'campaign_channel',
  members: 'campaign_members',
  target: 'campaign_target',
  minCount: 'campaign_min_count',
  themes: 'campaign_themes',
} as const;

/**
 * The campaign fields of the log and house-meeting modals. "Themes I heard" is one block; the
 * other theme, the quote, its theme and the consent are one block each per campaign offered:
 * `<prefix><campaign id>`.
 */
export const CAMPAIGN_FIELD_BLOCK = {
  themes: 'cmp_themes',
  otherPrefix: 'cmp_other:',
  quotePrefix: 'cmp_quote:',
  quoteThemePrefix: 'cmp_qtheme:',
  consentPrefix: 'cmp_consent:',
} as const;
/** The consent checkbox's one option value. */
export const CAMPAIGN_CONSENT_VALUE = 'consented';

/** `/onetoone house-meeting` (and the Home tab's button): the modal and its blocks. */
export const HOUSE_MEETING_CALLBACK = 'house_meeting_form';
export const HOUSE_MEETING_BLOCK = {
  heldOn: 'hm_held_on',
  host: 'hm_host',
  hostUser: 'hm_host_user',
  hostPerson: 'hm_host_person',
  place: 'hm_place',
  attendance: 'hm_attendance',
  attendees: 'hm_attendees',
  newAttendees: 'hm_new_attendees',
  wantsOneToOne: 'hm_wants',
  newWantsOneToOne: 'hm_new_wants',
  campaign: 'hm_campaign',
} as const;
/** The Home tab's "Log a house meeting" button (no value). */
export const HOUSE_MEETING_HOME_ACTION = 'house_meeting_open';

/** `/onetoone import`: the modal with the file input (one block, ACTION.input). */
export const IMPORT_CALLBACK = 'oto_import';
export const IMPORT_BLOCK = { files: 'import_files' } as const;
/** The dry run's buttons in the organiser's DM; value: the pending import's id. */
export const IMPORT_ACTION = {
  apply: 'import_apply',
  cancel: 'import_cancel',
} as const;
export const IMPORT_ACTIONS = /^import_(apply|cancel)$/;

/** `/onetoone campaign` list buttons for administrators; value: the campaign id. */
export const CAMPAIGN_ACTION = {
  edit: 'campaign_admin_edit',
  close: 'campaign_admin_close',
} as const;
export const CAMPAIGN_ADMIN_ACTIONS = /^campaign_admin_(edit|close)$/;

/** A lead organiser's view (issue 12): the invitation's answers, shared reflections, agenda points. */
export const LEAD_ACTION = {
  accept: 'lead_accept',
  decline: 'lead_decline',
  /** The lead opens the reflections an organiser shared (value: the organiser's id). */
  readShared: 'lead_read_shared',
  /** The organiser shares one reflection (value: its one-to-one's id). */
  shareReflection: 'lead_share_reflection',
  /** The organiser stops sharing one reflection (value: the reflection's id). */
  unshareReflection: 'lead_unshare_reflection',
  /** The organiser adds their points to an evaluation (value: share id|evaluation date). */
  addPoints: 'lead_add_points',
  /** In the reflection modal: share this reflection, or stop (value: its one-to-one's id). */
  shareInModal: 'lead_modal_share',
  unshareInModal: 'lead_modal_unshare',
} as const;
export const LEAD_ACTIONS =
  /^lead_(accept|decline|read_shared|share_reflection|unshare_reflection|add_points|modal_share|modal_unshare)$/;
export const LEAD_CALLBACK = { points: 'lead_agenda_points', shared: 'lead_shared_reflections' } as const;
export const LEAD_BLOCK = { points: 'lead_points', reflectionSharing: 'lead_reflection_sharing' } as const;
