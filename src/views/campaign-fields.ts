import type { KnownBlock, PlainTextOption } from '@slack/types';
import {
  CAMPAIGN_LIMITS,
  type CampaignFieldError,
  type CampaignFields,
  type CampaignForLog,
} from '../domain/campaign.js';
import { ACTION, CAMPAIGN_CONSENT_VALUE, CAMPAIGN_FIELD_BLOCK } from '../interaction-ids.js';
import { BLOCK_KIT, context, option, plain, userPlainText, userText } from './block-kit.js';

/** The consent wording (issue 11), shown beside the checkbox. */
export const CONSENT_TEXT = 'They agreed that these words may be read out, without their name';

function themeOption(t: { id: string; label: string }): PlainTextOption {
  return option(userPlainText(t.label), t.id);
}

function suffix(c: CampaignForLog, several: boolean): string {
  return several ? ` (${userPlainText(c.name)})` : '';
}

/**
 * The campaign blocks of the log and house-meeting forms: one "Themes I heard" multi-select
 * (option groups by campaign when there are several), then for each campaign an optional other
 * theme, an optional anonymous quote, the theme it belongs under, and the consent checkbox.
 * No campaigns: no blocks. At most 2 + 4 × campaigns blocks (22 for the 5 a form offers).
 */
export function campaignFieldBlocks(data: CampaignFields, options: { intro?: string } = {}): KnownBlock[] {
  const campaigns = data.campaigns.slice(0, CAMPAIGN_LIMITS.logCampaignsMax);
  if (campaigns.length === 0) return [];
  const several = campaigns.length > 1;
  const heard = new Map(data.heard.map((h) => [h.campaignId, h]));
  const allThemes = new Map(campaigns.flatMap((c) => c.themes.map((t) => [t.id, t] as const)));
  const initial = data.heard
    .flatMap((h) => h.themeIds)
    .map((id) => allThemes.get(id))
    .filter((t): t is { id: string; label: string } => t !== undefined)
    .map(themeOption);
  const names = campaigns.map((c) => `*${userText(c.name)}*`).join(', ');
  const blocks: KnownBlock[] = [
    { type: 'divider' },
    context(
      options.intro ??
        `Listening campaign${several ? 's' : ''}: ${names}. Themes are counted, never who raised them.`,
    ),
  ];
  const withThemes = campaigns.filter((c) => c.themes.length > 0);
  if (withThemes.length > 0) {
    blocks.push({
      type: 'input',
      block_id: CAMPAIGN_FIELD_BLOCK.themes,
      optional: true,
      label: plain('Themes I heard', BLOCK_KIT.inputLabel),
      element: {
        type: 'multi_static_select',
        action_id: ACTION.input,
        placeholder: plain('Choose the themes they raised', BLOCK_KIT.placeholder),
        ...(several
          ? {
              option_groups: withThemes.map((c) => ({
                label: plain(userPlainText(c.name), BLOCK_KIT.optionText),
                options: c.themes.slice(0, BLOCK_KIT.staticSelectOptions).map(themeOption),
              })),
            }
          : { options: withThemes[0]!.themes.slice(0, BLOCK_KIT.staticSelectOptions).map(themeOption) }),
        ...(initial.length > 0 ? { initial_options: initial } : {}),
      },
    });
  }
  for (const c of campaigns) {
    const h = heard.get(c.id);
    blocks.push(
      {
        type: 'input',
        block_id: CAMPAIGN_FIELD_BLOCK.otherPrefix + c.id,
        optional: true,
        label: plain(`Another theme${suffix(c, several)}`, BLOCK_KIT.inputLabel),
        hint: plain('Not in the list? Type it: it is added to the campaign’s list.', BLOCK_KIT.hint),
        element: {
          type: 'plain_text_input',
          action_id: ACTION.input,
          max_length: CAMPAIGN_LIMITS.themeLabelMax,
        },
      },
      {
        type: 'input',
        block_id: CAMPAIGN_FIELD_BLOCK.quotePrefix + c.id,
        optional: true,
        label: plain(`Their words, anonymous${suffix(c, several)}`, BLOCK_KIT.inputLabel),
        hint: plain(
          `Optional, at most ${CAMPAIGN_LIMITS.quoteMax} characters, no names. Only with their agreement, ticked below.`,
          BLOCK_KIT.hint,
        ),
        element: {
          type: 'plain_text_input',
          action_id: ACTION.input,
          multiline: true,
          max_length: CAMPAIGN_LIMITS.quoteMax,
          ...(h?.quote
            ? { initial_value: userPlainText(h.quote.text).slice(0, CAMPAIGN_LIMITS.quoteMax) }
            : {}),
        },
      },
    );
    if (c.themes.length > 0) {
      const current = h?.quote?.themeId ? c.themes.find((t) => t.id === h.quote?.themeId) : undefined;
      blocks.push({
        type: 'input',
        block_id: CAMPAIGN_FIELD_BLOCK.quoteThemePrefix + c.id,
        optional: true,
        label: plain('The quote is about', BLOCK_KIT.inputLabel),
        hint: plain('Left empty: the theme you heard, if you chose one.', BLOCK_KIT.hint),
        element: {
          type: 'static_select',
          action_id: ACTION.input,
          options: c.themes.slice(0, BLOCK_KIT.staticSelectOptions).map(themeOption),
          ...(current ? { initial_option: themeOption(current) } : {}),
        },
      });
    }
    const consentOption = { text: plain(CONSENT_TEXT, BLOCK_KIT.optionText), value: CAMPAIGN_CONSENT_VALUE };
    blocks.push({
      type: 'input',
      block_id: CAMPAIGN_FIELD_BLOCK.consentPrefix + c.id,
      optional: true,
      label: plain('Consent', BLOCK_KIT.inputLabel),
      element: {
        type: 'checkboxes',
        action_id: ACTION.input,
        options: [consentOption],
        ...(h?.quote ? { initial_options: [consentOption] } : {}),
      },
    });
  }
  return blocks;
}

/** Campaign-field problems as Slack's `response_action: 'errors'` map, keyed by their blocks' ids. */
export function campaignFieldErrors(errors: readonly CampaignFieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const prefix =
      e.field === 'other'
        ? CAMPAIGN_FIELD_BLOCK.otherPrefix
        : e.field === 'quote'
          ? CAMPAIGN_FIELD_BLOCK.quotePrefix
          : CAMPAIGN_FIELD_BLOCK.consentPrefix;
    const blockId = e.field === 'themes' ? CAMPAIGN_FIELD_BLOCK.themes : `${prefix}${e.campaignId}`;
    out[blockId] ??= e.message;
  }
  return out;
}
