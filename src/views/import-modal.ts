import type { ModalView } from '@slack/types';
import { IMPORT_MAX_BYTES, IMPORT_MAX_FILES, IMPORT_MAX_ROWS } from '../domain/csv-import.js';
import { ACTION, IMPORT_BLOCK, IMPORT_CALLBACK } from '../interaction-ids.js';
import { BLOCK_KIT, context, plain, section } from './block-kit.js';

const MB = Math.round(IMPORT_MAX_BYTES / (1024 * 1024));

/**
 * `/onetoone import`: one file_input (https://api.slack.com/reference/block-kit/block-elements#file_input:
 * inside an input block, needs files:read, at most 10 files of 10 MB; `filetypes` is advice
 * only, so the use case checks every file again). Submitting reads the files; nothing is saved
 * until Import in the summary DM.
 */
export function importModal(): ModalView {
  return {
    type: 'modal',
    callback_id: IMPORT_CALLBACK,
    title: plain('Import a spreadsheet', BLOCK_KIT.modalTitle),
    submit: plain('Read the file', BLOCK_KIT.modalButton),
    close: plain('Cancel', BLOCK_KIT.modalButton),
    blocks: [
      section(
        'Bring in the one-to-ones you kept in a spreadsheet. Save it as *CSV* and choose it below: I read it and send you a summary in our DM first. *Nothing is saved until you press Import there.*',
      ),
      {
        type: 'input',
        block_id: IMPORT_BLOCK.files,
        label: plain('CSV file (or the files of /onetoone export)'),
        element: {
          type: 'file_input',
          action_id: ACTION.input,
          filetypes: ['csv'],
          max_files: IMPORT_MAX_FILES,
        },
      },
      context(
        [
          'Columns I read: *Name*, *Institution* (or Organisation), *Role*, *Date* (or Met on), *Minutes* (or Duration), *Notes*, *Next step*, *Due*, and every column of `/onetoone export`. Others are listed, not imported.',
          `Up to ${MB} MB and ${IMPORT_MAX_ROWS.toLocaleString('en-GB')} rows per file, UTF-8 or Windows-1252. Importing the same file twice adds nothing new. You can also send me a CSV file in our DM.`,
        ].join('\n'),
      ),
    ],
  };
}
