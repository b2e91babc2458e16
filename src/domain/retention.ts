import type { AdminRefusal } from './digest.js';
import type { IsoDate } from './time.js';

/** The longest retention we accept: 10 years. Beyond that, "off" says what is meant. */
export const MAX_RETENTION_MONTHS = 120;

/**
 * The first date whose text is kept, `months` calendar months before `today` (the workspace's
 * local date). One-to-ones met strictly before it have their text blanked. The day is clamped to
 * the end of a shorter month: 31 May minus 3 months is 28 February (29 in a leap year).
 */
export function retentionCutoff(today: IsoDate, months: number): IsoDate {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12; // 0-based
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export type RetentionArg = { ok: true; months: number | null } | { ok: false; message: string };

/** `/onetoone retention 12` or `/onetoone retention off`. */
export function parseRetention(text: string): RetentionArg {
  const t = text.trim().toLowerCase();
  if (t === 'off' || t === 'none' || t === 'never') return { ok: true, months: null };
  const match = /^(\d{1,4})(\s*(months?|m))?$/.exec(t);
  const n = match ? Number(match[1]) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_RETENTION_MONTHS) {
    return {
      ok: false,
      message: `Give a number of months from 1 to ${MAX_RETENTION_MONTHS}, or \`off\` to keep everything: e.g. \`/onetoone retention 24\`.`,
    };
  }
  return { ok: true, months: n };
}

/**
 * Days between an admin confirming a shorter period and the first night it blanks anything:
 * time for every organiser told by DM to export what they want to keep.
 */
export const RETENTION_GRACE_DAYS = 7;

/** What a shorter period would blank in a workspace, and for how many organisers' notes. */
export interface RetentionImpact {
  oneToOnes: number;
  reflections: number;
  introductions: number;
  organisers: number;
}

/** A shorter period an admin confirmed, not yet in force. */
export interface PendingRetention {
  months: number;
  /** The workspace-local date from which it applies. */
  effectiveOn: IsoDate;
}

export interface RetentionStatus {
  months: number | null;
  pending: PendingRetention | null;
}

/** What `/onetoone retention N|off` answers (the listener renders it). */
export type RetentionChange =
  /** In force now: off, longer, or a period that blanks nothing. Any pending change is dropped. */
  | {
      kind: 'changed';
      months: number | null;
      previous: number | null;
      droppedPending: PendingRetention | null;
    }
  /** Shorter, and it would blank text: nothing changes until the admin confirms. */
  | {
      kind: 'confirm';
      months: number;
      previous: number | null;
      cutoff: IsoDate;
      effectiveOn: IsoDate;
      impact: RetentionImpact;
    }
  | { kind: 'invalid'; message: string }
  | AdminRefusal;

/** What the admin's "Yes" under the confirmation answers. */
export type RetentionConfirmation =
  | {
      kind: 'scheduled';
      months: number;
      effectiveOn: IsoDate;
      cutoff: IsoDate;
      impact: RetentionImpact;
      notified: number;
    }
  | { kind: 'invalid'; message: string }
  | AdminRefusal;

/** One organiser's DM: what of theirs the pending period will blank, and when. */
export interface RetentionNotice {
  months: number;
  effectiveOn: IsoDate;
  cutoff: IsoDate;
  oneToOnes: number;
  reflections: number;
  introductions: number;
}

/**
 * The cut-off a period will have on the day it takes effect: what the organiser's DM names
 * ("one-to-ones met before …"), so nothing blanked that first night surprises them.
 */
export function cutoffOnEffect(effectiveOn: IsoDate, months: number): IsoDate {
  return retentionCutoff(effectiveOn, months);
}
