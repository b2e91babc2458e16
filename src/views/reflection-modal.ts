import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { ReflectionSharing } from '../domain/lead.js';
import { DEPTHS, LIMITS, type ReflectionField, type ReflectionForm } from '../domain/one-to-one.js';
import { formatDate } from '../domain/time.js';
import type { RefusalCode } from '../errors.js';
import { ACTION, CALLBACK, REFLECT_BLOCK } from '../interaction-ids.js';
import { BLOCK_KIT, context, option, plain, section, userText } from './block-kit.js';
import { reflectionSharingBlocks } from './lead-messages.js';

export interface ReflectionModalData extends ReflectionForm {
  /** The message with the "Reflect now" button, to update once reflected (no stale buttons). */
  source?: ReflectionSource;
  /** A saved reflection's sharing with the organiser's lead (issue 12): shown with Share / Stop. */
  leadSharing?: ReflectionSharing;
}

/**
 * Where "Reflect now" was pressed. `kind` says how to update that message once reflected:
 * 'nudge' (a nudge DM, re-rendered as a nudge); absent: the logged confirmation.
 */
export interface ReflectionSource {
  channel: string;
  ts: string;
  kind?: 'nudge';
}

export interface ReflectionMetadata {
  oneToOneId: string;
  source?: ReflectionSource;
}

export function decodeReflectionMetadata(raw: unknown): ReflectionMetadata | undefined {
  try {
    const parsed = JSON.parse(typeof raw === 'string' ? raw : '') as Partial<ReflectionMetadata> | null;
    if (typeof parsed?.oneToOneId !== 'string') return undefined;
    const s = parsed.source;
    const source: ReflectionSource | undefined =
      s && typeof s.channel === 'string' && typeof s.ts === 'string'
        ? { channel: s.channel, ts: s.ts, ...(s.kind === 'nudge' ? { kind: 'nudge' as const } : {}) }
        : undefined;
    return { oneToOneId: parsed.oneToOneId, source };
  } catch {
    return undefined;
  }
}

/** What a refused submission says, on the field it belongs to (keyed by block id). */
export function reflectionRefusalErrors(refusal: {
  code: RefusalCode;
  field: ReflectionField;
}): Record<string, string> {
  return { [REFLECT_BLOCK[refusal.field]]: 'I can’t find that one-to-one among yours.' };
}

function area(blockId: string, label: string, hint: string, initial: string | null | undefined): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label, BLOCK_KIT.inputLabel),
    hint: plain(hint, BLOCK_KIT.hint),
    element: {
      type: 'plain_text_input',
      action_id: ACTION.input,
      multiline: true,
      max_length: LIMITS.reflection,
      ...(initial ? { initial_value: initial } : {}),
    },
  };
}

/** Reflection after the meeting: one per one-to-one; reopening edits it. */
export function reflectionModal(data: ReflectionModalData): ModalView {
  const e = data.existing;
  const depthOptions = DEPTHS.map((d) => option(d.label, d.value));
  const initialDepth = depthOptions.find((o) => o.value === e?.depth);
  const who = `*${userText(data.personName)}*${data.institutionName ? ` (${userText(data.institutionName)})` : ''}`;
  const askMotivations = !data.learned?.values || Boolean(e?.motivations);
  const askDepth = !data.learned?.depth || Boolean(e?.depth);
  const depthBlock = depthInput(initialDepth, depthOptions);
  const meta: ReflectionMetadata = {
    oneToOneId: data.oneToOneId,
    ...(data.source ? { source: data.source } : {}),
  };
  return {
    type: 'modal',
    callback_id: CALLBACK.reflectionModal,
    title: plain(e ? 'Edit reflection' : 'Reflect', BLOCK_KIT.modalTitle),
    submit: plain('Save reflection', BLOCK_KIT.modalButton),
    close: plain('Later', BLOCK_KIT.modalButton),
    private_metadata: JSON.stringify(meta),
    blocks: [
      section(`Your one-to-one with ${who}, ${formatDate(data.metOn)}.`),
      context(
        data.learned?.values || data.learned?.depth
          ? 'Take a few minutes while it is fresh: what you learned about them is with the one-to-one; this is about you. Only you can see this.'
          : 'Take a few minutes while it is fresh. Only you can see this.',
      ),
      // Their values and how deep we went are asked once: here only if the log's step two does
      // not hold them yet (and always where an older reflection already does).
      ...(askMotivations
        ? [
            area(
              REFLECT_BLOCK.motivations,
              'What I learned about their motivations',
              'What drives them, and why.',
              e?.motivations,
            ),
          ]
        : []),
      area(
        REFLECT_BLOCK.contribution,
        'How they might contribute',
        'To our organising: leadership, their network, an action.',
        e?.contribution,
      ),
      area(
        REFLECT_BLOCK.differently,
        'What I would do differently',
        'Listening, questions, timing, setting.',
        e?.differently,
      ),
      ...(askDepth ? [depthBlock] : []),
      ...(e && data.leadSharing ? reflectionSharingBlocks(data.leadSharing) : []),
    ],
  };
}

function depthInput(initialDepth: PlainTextOption | undefined, depthOptions: PlainTextOption[]): KnownBlock {
  return {
    type: 'input',
    block_id: REFLECT_BLOCK.depth,
    optional: true,
    label: plain('How deep did we go?'),
    element: {
      type: 'radio_buttons',
      action_id: ACTION.input,
      options: depthOptions,
      ...(initialDepth ? { initial_option: initialDepth } : {}),
    },
  };
}
