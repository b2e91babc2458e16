import type { OneToOneDetail, OneToOnePage } from '../services/one-to-ones.js';
import type { ListData, LoggedData } from '../views/messages.js';

/** Maps service results to view data: shared by listeners that render the same thing. */

export function toListData(page: OneToOnePage): ListData {
  return {
    page: page.page,
    hasMore: page.hasMore,
    query: page.query,
    items: page.items.map((i) => ({
      id: i.id,
      personName: i.person_name,
      institutionName: i.institution_name,
      metOn: i.met_on,
      nextStepKind: i.next_step_kind,
      nextStepDueOn: i.next_step_due_on,
      nextStepDone: Boolean(i.next_step_done_at),
      reflected: Boolean(i.reflected),
    })),
  };
}

export function toLoggedData(row: OneToOneDetail, edited: boolean, reflected: boolean): LoggedData {
  return {
    oneToOneId: row.id,
    personName: row.person_name,
    institutionName: row.institution_name,
    metOn: row.met_on,
    edited,
    nextStep: { kind: row.next_step_kind, dueOn: row.next_step_due_on },
    reflected,
  };
}
