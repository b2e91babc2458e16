import type { NextStepKind } from './one-to-one.js';

/** What the organiser's Home tab shows (services/home.ts gathers it; views/home.ts draws it). */

/** A capped list: the first items and how many there are in all ("and N more"). */
export interface HomeList<T> {
  items: T[];
  total: number;
}

export interface DueStep {
  oneToOneId: string;
  personName: string;
  institutionName: string | null;
  kind: NextStepKind;
  dueOn: string;
  note: string | null;
}

export interface AwaitingReflection {
  oneToOneId: string;
  personName: string;
  institutionName: string | null;
  metOn: string;
}

export interface GoingCold {
  personId: string;
  personName: string;
  institutionName: string | null;
  meetings: number;
  lastMetOn: string;
}

export interface HomeData {
  today: string;
  goal: number;
  thisWeek: number;
  streak: number;
  /** The streak reached the longest span counted: shown as "N+". */
  streakCapped: boolean;
  goingColdWeeks: number;
  dueSteps: HomeList<DueStep>;
  unreflected: HomeList<AwaitingReflection>;
  goingCold: HomeList<GoingCold>;
}
