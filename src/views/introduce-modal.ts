import type { ModalView } from '@slack/types';
import { WHY_MAX } from '../domain/introduction.js';
import { ACTION, INTRO_BLOCK, INTRO_CALLBACK } from '../interaction-ids.js';
import { BLOCK_KIT, context, plain, section } from './block-kit.js';

export interface IntroduceModalData {
  today: string;
}

function personSelect(blockId: string, label: string) {
  return {
    type: 'input' as const,
    block_id: blockId,
    label: plain(label),
    element: {
      // Same action id as the log modal's search: one options listener answers both, only ever
      // with the organiser's own people.
      type: 'external_select' as const,
      action_id: ACTION.personSearch,
      min_query_length: 0,
      placeholder: plain('Search my people by name or institution', BLOCK_KIT.placeholder),
    },
  };
}

/** `/onetoone introduce`: record an introduction I broker between two of my people. */
export function introduceModal(data: IntroduceModalData): ModalView {
  return {
    type: 'modal',
    callback_id: INTRO_CALLBACK,
    title: plain('Introduce two leaders', BLOCK_KIT.modalTitle),
    submit: plain('Save', BLOCK_KIT.modalButton),
    close: plain('Cancel', BLOCK_KIT.modalButton),
    blocks: [
      section(
        'Connecting leaders across institutions (a church and a school, a union and a tenants’ group) is how a team’s power grows.',
      ),
      personSelect(INTRO_BLOCK.personA, 'Introduce'),
      personSelect(INTRO_BLOCK.personB, 'to'),
      {
        type: 'input',
        block_id: INTRO_BLOCK.why,
        optional: true,
        label: plain('Why they should meet'),
        hint: plain('The shared interest or the action they could take together.', BLOCK_KIT.hint),
        element: { type: 'plain_text_input', action_id: ACTION.input, multiline: true, max_length: WHY_MAX },
      },
      {
        type: 'input',
        block_id: INTRO_BLOCK.introducedOn,
        label: plain('Introduced on'),
        element: { type: 'datepicker', action_id: ACTION.input, initial_date: data.today },
      },
      context('Only you see this. I will ask you in a week whether they met.'),
    ],
  };
}
