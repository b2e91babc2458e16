/**
 * Reads a modal's submitted `view.state.values` by block id, whatever the element: text and
 * numbers, dates, users, and selected options all come back as a string (or null when empty).
 */
type ElementState = {
  type?: string;
  value?: string | null;
  selected_date?: string | null;
  selected_user?: string | null;
  selected_option?: { value?: string } | null;
};

export type StateValues = Record<string, Record<string, ElementState>>;

export function readBlock(values: StateValues | undefined, blockId: string): string | null {
  const block = values?.[blockId];
  if (!block) return null;
  const element = Object.values(block)[0];
  if (!element) return null;
  const v =
    element.value ?? element.selected_date ?? element.selected_user ?? element.selected_option?.value ?? null;
  return typeof v === 'string' ? v : null;
}

/** Reads several blocks at once: `{ field: blockId }` in, `{ field: value }` out. */
export function readBlocks<K extends string>(
  values: StateValues | undefined,
  blocks: Record<K, string>,
): Record<K, string | null> {
  const out = {} as Record<K, string | null>;
  for (const [field, blockId] of Object.entries(blocks) as [K, string][])
    out[field] = readBlock(values, blockId);
  return out;
}

/** Field errors (keyed by field) to Slack's `response_action: 'errors'` shape (keyed by block id). */
export function toBlockErrors<K extends string>(
  errors: Partial<Record<K, string>>,
  blocks: Record<K, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors) as [K, string | undefined][]) {
    if (message) out[blocks[field]] = message;
  }
  return out;
}
