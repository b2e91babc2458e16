import { CAMPAIGN_LIMITS, type CampaignFieldsInput } from '../../domain/campaign.js';
import { CAMPAIGN_CONSENT_VALUE, CAMPAIGN_FIELD_BLOCK } from '../../interaction-ids.js';
import { readMany } from './selections.js';
import { readBlock, type StateValues } from './view-state.js';

/** Campaign ids a submission may name per form (the forms offer at most logCampaignsMax). */
const CAMPAIGNS_MAX = 10;
/** Typed text is cut here before any rule sees it (the rules then name what is too long). */
const TEXT_MAX = 3000;

/**
 * The campaign fields of a log or house-meeting submission, found by their block ids: "Themes I
 * heard" (theme ids), and each campaign's other theme, quote, quote theme and consent. The
 * campaign ids come from the block ids and are checked by the use case (membership, dates).
 */
export function readCampaignFields(values: StateValues | undefined): CampaignFieldsInput {
  const themeIds = readMany(values, CAMPAIGN_FIELD_BLOCK.themes, {
    max: CAMPAIGN_LIMITS.themesMax * 2,
    maxLength: 100,
  });
  const ids: string[] = [];
  for (const blockId of Object.keys(values ?? {})) {
    for (const prefix of [
      CAMPAIGN_FIELD_BLOCK.otherPrefix,
      CAMPAIGN_FIELD_BLOCK.quotePrefix,
      CAMPAIGN_FIELD_BLOCK.quoteThemePrefix,
      CAMPAIGN_FIELD_BLOCK.consentPrefix,
    ]) {
      if (!blockId.startsWith(prefix)) continue;
      const id = blockId.slice(prefix.length);
      if (id && id.length <= 100 && !ids.includes(id) && ids.length < CAMPAIGNS_MAX) ids.push(id);
    }
  }
  return {
    themeIds,
    perCampaign: ids.map((campaignId) => ({
      campaignId,
      otherTheme: (readBlock(values, CAMPAIGN_FIELD_BLOCK.otherPrefix + campaignId) ?? '').slice(0, TEXT_MAX),
      quote: (readBlock(values, CAMPAIGN_FIELD_BLOCK.quotePrefix + campaignId) ?? '').slice(0, TEXT_MAX),
      quoteThemeId: readBlock(values, CAMPAIGN_FIELD_BLOCK.quoteThemePrefix + campaignId),
      consent: readMany(values, CAMPAIGN_FIELD_BLOCK.consentPrefix + campaignId, { max: 1 }).includes(
        CAMPAIGN_CONSENT_VALUE,
      ),
    })),
  };
}
