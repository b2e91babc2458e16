import type { IntroductionDetail } from '../services/introductions.js';
import type { IntroductionData } from '../views/data-messages.js';

/** Service rows → the plain data the introduction views take. */
export function toIntroductionData(i: IntroductionDetail): IntroductionData {
  return {
    id: i.id,
    personA: i.person_a_name,
    institutionA: i.person_a_institution,
    personB: i.person_b_name,
    institutionB: i.person_b_institution,
    introducedOn: i.introduced_on,
    status: i.status,
    followUpDueOn: i.follow_up_due_on,
  };
}
