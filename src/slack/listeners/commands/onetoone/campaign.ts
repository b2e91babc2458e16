import {
  chooseAdministeredCampaign,
  closeMyCampaign,
  listMyCampaignProgress,
} from '../../../../services/campaigns.js';
import {
  campaignChooseNotice,
  campaignClosedNotice,
  campaignListMessage,
  campaignNoneNotice,
  campaignNotAllowedNotice,
  campaignUsageNotice,
} from '../../../../views/campaign-messages.js';
import { refusalNotice } from '../../../../views/messages.js';
import { searchText } from '../../../decode/payload.js';
import { openEditCampaignModal, openNewCampaignModal } from '../../../surfaces/campaign-modals.js';
import { handleCampaignExport, handleCampaignReport } from './campaign-report.js';
import type { Subcommand, SubcommandContext } from './types.js';

/*
 * `/onetoone campaign [new|edit|close|…] [name]`: each word is one handler, in
 * CAMPAIGN_SUBCOMMANDS. Other features add their own words to that map (`report`, `export`);
 * no word lists my campaigns with progress.
 */

/** A handler of `/onetoone campaign <word> <rest>`: `rest` is the text after the word, trimmed. */
export type CampaignHandler = (ctx: SubcommandContext, rest: string) => Promise<void>;

export async function handleCampaignList(ctx: SubcommandContext): Promise<void> {
  await ctx.reply(campaignListMessage(await listMyCampaignProgress(ctx.deps, ctx.actor)));
}

export async function handleCampaignNew(ctx: SubcommandContext): Promise<void> {
  await openNewCampaignModal(ctx.deps, ctx.client, ctx.actor, ctx.triggerId);
}

export async function handleCampaignEdit(ctx: SubcommandContext, rest: string): Promise<void> {
  const choice = await chooseAdministeredCampaign(ctx.deps, ctx.actor, searchText(rest));
  if (choice.kind === 'none') return ctx.reply(campaignNoneNotice(choice.query, 'edit'));
  if (choice.kind === 'many') return ctx.reply(campaignChooseNotice(choice.campaigns, 'edit'));
  // The trigger_id is still fresh: the choice reads only the database and one users.info.
  await openEditCampaignModal(ctx.deps, ctx.client, ctx.actor, ctx.triggerId, choice.campaign.id);
}

export async function handleCampaignClose(ctx: SubcommandContext, rest: string): Promise<void> {
  const choice = await chooseAdministeredCampaign(ctx.deps, ctx.actor, searchText(rest));
  if (choice.kind === 'none') return ctx.reply(campaignNoneNotice(choice.query, 'close'));
  if (choice.kind === 'many') return ctx.reply(campaignChooseNotice(choice.campaigns, 'close'));
  const result = await closeMyCampaign(ctx.deps, ctx.actor, choice.campaign.id);
  if ('ok' in result) {
    return ctx.reply(result.code === 'not_allowed' ? campaignNotAllowedNotice() : refusalNotice(result.code));
  }
  await ctx.reply(campaignClosedNotice(result.campaign, result.kind === 'already_closed'));
}

/** The words after `/onetoone campaign`, each with its handler. Add a word with one line. */
export const CAMPAIGN_SUBCOMMANDS: Record<string, CampaignHandler> = {
  new: handleCampaignNew,
  start: handleCampaignNew,
  edit: handleCampaignEdit,
  close: handleCampaignClose,
  report: handleCampaignReport,
  export: handleCampaignExport,
};

/** Splits "edit Spring listening" into the lower-cased word and the rest. */
function splitWord(args: string): { word: string; rest: string } {
  const trimmed = args.trim();
  const space = trimmed.search(/\s/);
  return space < 0
    ? { word: trimmed.toLowerCase(), rest: '' }
    : { word: trimmed.slice(0, space).toLowerCase(), rest: trimmed.slice(space + 1).trim() };
}

export async function handleCampaignCommand(ctx: SubcommandContext): Promise<void> {
  const { word, rest } = splitWord(ctx.args);
  if (!word || word === 'list') return handleCampaignList(ctx);
  const handler = Object.hasOwn(CAMPAIGN_SUBCOMMANDS, word) ? CAMPAIGN_SUBCOMMANDS[word] : undefined;
  if (!handler) return ctx.reply(campaignUsageNotice(Object.keys(CAMPAIGN_SUBCOMMANDS)));
  return handler(ctx, rest);
}

export const campaignSubcommand: Subcommand = {
  name: 'campaign',
  aliases: ['campaigns'],
  usage: 'campaign [new|edit|close|report|export] [name]',
  summary: 'listening campaigns: your campaigns with progress; start one, edit or close one you administer.',
  example: '/onetoone campaign new',
  run: handleCampaignCommand,
};
