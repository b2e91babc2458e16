import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.js';
import { getMyPerson, getOneToOne, NotYoursError } from '../../services/one-to-ones.js';
import { type Actor, organiserToday } from '../../services/organisers.js';
import { getReflection } from '../../services/reflections.js';
import { logModal } from '../../views/log-modal.js';
import { personLabel } from '../../views/messages.js';
import { type ReflectionSource, reflectionModal } from '../../views/reflection-modal.js';

/**
 * Opening modals, shared by the slash command, the shortcut and buttons. A trigger_id expires
 * 3 seconds after the user acted (https://api.slack.com/interactivity/handling#modal_responses),
 * so callers ack first and call these straight away.
 */

/**
 * views.open with the view already encoded. Slack's API takes `view` as a JSON string; handing
 * the client a string spares it walking the whole modal for a debug line it builds even when
 * debug logging is off, and encoding it twice. Measurable on the slash command's hot path.
 */
export async function openModal(client: WebClient, triggerId: string, view: ModalView): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: JSON.stringify(view) as unknown as ModalView });
}

export async function openLogModal(
  deps: Deps,
  client: WebClient,
  actor: Actor,
  triggerId: string,
  options: { personId?: string } = {},
): Promise<void> {
  const today = await organiserToday(deps, actor);
  const person = options.personId ? await getMyPerson(deps, actor, options.personId) : undefined;
  await openModal(
    client,
    triggerId,
    logModal({
      today,
      person: person
        ? { id: person.id, label: personLabel(person.name, person.institution_name) }
        : undefined,
    }),
  );
}

/** Reopens one of my one-to-ones for editing. Throws NotYoursError for anyone else's. */
export async function openEditModal(
  deps: Deps,
  client: WebClient,
  actor: Actor,
  triggerId: string,
  id: string,
): Promise<void> {
  const row = await getOneToOne(deps, actor, id);
  const today = await organiserToday(deps, actor);
  await openModal(
    client,
    triggerId,
    logModal({
      today,
      editingId: row.id,
      person: { id: row.person_id, label: personLabel(row.person_name, row.institution_name) },
      values: {
        metOn: row.met_on,
        duration: row.duration_minutes,
        setting: row.setting,
        needs: row.self_interest_needs,
        meaning: row.self_interest_meaning,
        stories: row.stories,
        values: row.values_motivations,
        mutual: row.mutual_interests,
        listening: row.listening_share,
        continue: row.continue_relationship,
        nextStepKind: row.next_step_kind,
        nextStepDue: row.next_step_due_on,
        nextStepNote: row.next_step_note,
      },
    }),
  );
}

export async function openReflectionModal(
  deps: Deps,
  client: WebClient,
  actor: Actor,
  triggerId: string,
  oneToOneId: string,
  source?: ReflectionSource,
): Promise<void> {
  const row = await getOneToOne(deps, actor, oneToOneId);
  const existing = await getReflection(deps, actor, oneToOneId);
  await openModal(
    client,
    triggerId,
    reflectionModal({
      oneToOneId: row.id,
      personName: row.person_name,
      institutionName: row.institution_name,
      metOn: row.met_on,
      source,
      existing,
    }),
  );
}

export { NotYoursError };
