import type { KnownBlock, ModalView } from '@slack/types';
import { HOUSE_MEETING_LIMITS, type HouseMeetingForm } from '../domain/campaign.js';
import { ACTION, HOUSE_MEETING_BLOCK, HOUSE_MEETING_CALLBACK } from '../interaction-ids.js';
import { BLOCK_KIT, context, option, plain, section, userPlainText } from './block-kit.js';
import { campaignFieldBlocks } from './campaign-fields.js';

/** The new-names fields: one a line, "Name, Institution" (Slack's plain_text_input holds 3,000). */
const NAMES_MAX = 3000;

function peopleSelect(blockId: string, label: string, hint: string): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label, BLOCK_KIT.inputLabel),
    hint: plain(hint, BLOCK_KIT.hint),
    element: {
      // The person search's action id: one options listener answers, only with my own people.
      type: 'multi_external_select',
      action_id: ACTION.personSearch,
      min_query_length: 0,
      max_selected_items: HOUSE_MEETING_LIMITS.attendeesMax,
      placeholder: plain('Search my people by name or institution', BLOCK_KIT.placeholder),
    },
  };
}

function namesInput(blockId: string, label: string): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label, BLOCK_KIT.inputLabel),
    hint: plain('One a line: Name, Institution (the institution is optional).', BLOCK_KIT.hint),
    element: { type: 'plain_text_input', action_id: ACTION.input, multiline: true, max_length: NAMES_MAX },
  };
}

/**
 * `/onetoone house-meeting` (and the Home tab's button): a house meeting I organised or took
 * part in. Only the date, the host and how many took part are required.
 */
export function houseMeetingModal(form: HouseMeetingForm): ModalView {
  const hostOptions = [
    option('I hosted it', 'me'),
    option('A member of this Slack', 'member'),
    option('One of my people', 'person'),
  ];
  const blocks: KnownBlock[] = [
    section('A house meeting: a host and a handful of neighbours or members, listening together.'),
    {
      type: 'input',
      block_id: HOUSE_MEETING_BLOCK.heldOn,
      label: plain('When'),
      element: { type: 'datepicker', action_id: ACTION.input, initial_date: form.today },
    },
    {
      type: 'input',
      block_id: HOUSE_MEETING_BLOCK.host,
      label: plain('Host'),
      element: {
        type: 'radio_buttons',
        action_id: ACTION.input,
        options: hostOptions,
        initial_option: hostOptions[0],
      },
    },
    {
      type: 'input',
      block_id: HOUSE_MEETING_BLOCK.hostUser,
      optional: true,
      label: plain('The member who hosted it'),
      element: { type: 'users_select', action_id: ACTION.input },
    },
    {
      type: 'input',
      block_id: HOUSE_MEETING_BLOCK.hostPerson,
      optional: true,
      label: plain('Which of my people hosted it'),
      element: {
        type: 'external_select',
        action_id: ACTION.personSearch,
        min_query_length: 0,
        placeholder: plain('Search my people by name or institution', BLOCK_KIT.placeholder),
      },
    },
    {
      type: 'input',
      block_id: HOUSE_MEETING_BLOCK.place,
      optional: true,
      label: plain('Where'),
      element: {
        type: 'plain_text_input',
        action_id: ACTION.input,
        max_length: HOUSE_MEETING_LIMITS.placeMax,
      },
    },
    {
      type: 'input',
      block_id: HOUSE_MEETING_BLOCK.attendance,
      label: plain('How many took part'),
      hint: plain('Everyone, named below or not (the host too).', BLOCK_KIT.hint),
      element: { type: 'plain_text_input', action_id: ACTION.input, max_length: 4 },
    },
    peopleSelect(
      HOUSE_MEETING_BLOCK.attendees,
      'Who came (my people)',
      `Optional; at most ${HOUSE_MEETING_LIMITS.attendeesMax} people by name in all.`,
    ),
    namesInput(HOUSE_MEETING_BLOCK.newAttendees, 'Who came (new names)'),
    peopleSelect(
      HOUSE_MEETING_BLOCK.wantsOneToOne,
      'Who would like a one-to-one (my people)',
      'Each gets a next step “another meeting” for you, due in a week.',
    ),
    namesInput(HOUSE_MEETING_BLOCK.newWantsOneToOne, 'Who would like a one-to-one (new names)'),
  ];
  if (form.campaigns.length > 0) {
    const campaignOptions = form.campaigns.map((c) => option(userPlainText(c.name), c.id));
    blocks.push(
      { type: 'divider' },
      {
        type: 'input',
        block_id: HOUSE_MEETING_BLOCK.campaign,
        optional: true,
        label: plain('For the listening campaign'),
        element: {
          type: 'static_select',
          action_id: ACTION.input,
          options: campaignOptions,
          ...(campaignOptions.length === 1 ? { initial_option: campaignOptions[0] } : {}),
        },
      },
      ...campaignFieldBlocks(
        { campaigns: form.campaigns, heard: [] },
        { intro: 'What the meeting heard: themes are counted, never who raised them.' },
      ).slice(1),
    );
  }
  blocks.push(
    context('Only you see what you write here. House meetings have their own count, apart from one-to-ones.'),
  );
  return {
    type: 'modal',
    callback_id: HOUSE_MEETING_CALLBACK,
    title: plain('Log a house meeting', BLOCK_KIT.modalTitle),
    submit: plain('Save', BLOCK_KIT.modalButton),
    close: plain('Cancel', BLOCK_KIT.modalButton),
    blocks,
  };
}
