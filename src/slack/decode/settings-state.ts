import { SETTINGS_BLOCK } from '../../interaction-ids.js';
import type { SettingsInput } from '../../services/nudges/settings.js';
import { readBlock, type StateValues } from './view-state.js';

/** The values of a checkboxes element in a block (selected_options), whatever shape arrived. */
export function readChecked(values: StateValues | undefined, blockId: string): string[] {
  const block = values?.[blockId] as Record<string, { selected_options?: unknown }> | undefined;
  const element = block ? Object.values(block)[0] : undefined;
  const options = element?.selected_options;
  if (!Array.isArray(options)) return [];
  return options.flatMap((o) => {
    const v = (o as { value?: unknown } | null)?.value;
    return typeof v === 'string' ? [v] : [];
  });
}

/** The settings modal as submitted (src/views/settings-modal.ts). */
export function readSettings(values: StateValues | undefined): SettingsInput {
  return {
    workingDays: readChecked(values, SETTINGS_BLOCK.workingDays).map(Number),
    dailySummary: readBlock(values, SETTINGS_BLOCK.dailySummary) !== 'off',
    allOn: readBlock(values, SETTINGS_BLOCK.allOn) !== 'off',
    kinds: readChecked(values, SETTINGS_BLOCK.kinds),
    pauseUntil: readBlock(values, SETTINGS_BLOCK.pauseUntil),
  };
}
