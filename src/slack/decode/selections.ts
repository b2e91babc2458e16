import type { StateValues } from './view-state.js';

/**
 * Reads the selections readBlock does not: a conversations_select's channel, and the lists of a
 * multi_users_select, multi_static_select, multi_external_select or checkboxes. Anything of the
 * wrong type is dropped (a crafted payload gets no further than a missing value), and a list is
 * cut to `max` values of at most `maxLength` characters.
 */

type SelectionState = {
  selected_conversation?: unknown;
  selected_channel?: unknown;
  selected_users?: unknown;
  selected_options?: unknown;
};

function element(values: StateValues | undefined, blockId: string): SelectionState | undefined {
  const block = (values as Record<string, Record<string, unknown>> | undefined)?.[blockId];
  if (!block || typeof block !== 'object') return undefined;
  const first = Object.values(block)[0];
  return first && typeof first === 'object' ? (first as SelectionState) : undefined;
}

/** The channel a conversations_select (or channels_select) holds, or null. */
export function readConversation(
  values: StateValues | undefined,
  blockId: string,
  maxLength = 100,
): string | null {
  const el = element(values, blockId);
  const v = el?.selected_conversation ?? el?.selected_channel;
  return typeof v === 'string' && v && v.length <= maxLength ? v : null;
}

/** The values a multi-select or checkboxes holds (users' ids, or options' values). */
export function readMany(
  values: StateValues | undefined,
  blockId: string,
  { max, maxLength = 150 }: { max: number; maxLength?: number },
): string[] {
  const el = element(values, blockId);
  if (!el) return [];
  const raw = Array.isArray(el.selected_users)
    ? el.selected_users
    : Array.isArray(el.selected_options)
      ? el.selected_options.map((o) =>
          o && typeof o === 'object' ? (o as { value?: unknown }).value : undefined,
        )
      : [];
  const out: string[] = [];
  for (const v of raw) {
    if (typeof v === 'string' && v && v.length <= maxLength && !out.includes(v)) out.push(v);
    if (out.length >= max) break;
  }
  return out;
}
