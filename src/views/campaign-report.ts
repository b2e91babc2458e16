import type { Button, ConversationsSelect, KnownBlock, ModalView } from '@slack/types';
import {
  type CampaignChoice,
  type CampaignReport,
  type ExportReportResult,
  movementLabel,
  type PostReportResult,
  type PreviewReportResult,
  type ReportTheme,
} from '../domain/campaign-report.js';
import { institutionTypeLabel } from '../domain/relationship.js';
import { formatDate } from '../domain/time.js';
import { ErrorCode, type Refusal } from '../errors.js';
import { CAMPAIGN_REPORT_ACTION, CAMPAIGN_REPORT_CALLBACK, COMMAND } from '../interaction-ids.js';
import {
  BLOCK_KIT,
  context,
  header,
  type Message,
  mrkdwn,
  plain,
  section,
  truncate,
  userPlainText,
  userText,
} from './block-kit.js';
import { refusalNotice } from './messages.js';

/**
 * A listening campaign's report (issue 11) as Block Kit: the ephemeral preview, the message
 * posted to a channel, and the mid-point summary modal. Pure. It is given counts, theme labels
 * (only of themes at or above the minimum count) and consented quotes: no person, institution or
 * date of a quote is in its input, so none can be in its output.
 *
 * Limits (https://api.slack.com/reference/block-kit/blocks): a message holds 50 blocks and a modal
 * 100; a section's text 3,000 characters. Themes are packed several to a section; past the block
 * budget the rest are counted ("and N more themes: the export has them all").
 */

/** Quotes shown under one theme in Slack (the CSV export has every one). */
export const QUOTES_SHOWN_PER_THEME = 3;
/** How much of a quote Slack shows (quotes are at most 500 characters: src/domain/campaign.ts). */
const QUOTE_SHOWN = 500;
const THEME_LABEL_SHOWN = 75;
const NAME_SHOWN = 100;
const QUESTION_SHOWN = 500;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function dates(r: CampaignReport): string {
  const c = r.campaign;
  const closed = c.closedOn && c.closedOn < c.endsOn ? ` (closed ${formatDate(c.closedOn)})` : '';
  return `${formatDate(c.startsOn)} – ${formatDate(c.endsOn)}${closed}`;
}

function themeLine(t: ReportTheme): string {
  const types = t.institutionTypes.length
    ? ` (${t.institutionTypes.map((x) => institutionTypeLabel(x).toLowerCase()).join(', ')})`
    : '';
  const move = movementLabel(t.movement);
  const moved = move ? ` · ${move}` : '';
  return (
    `*${t.rank}. ${userText(truncate(t.label, THEME_LABEL_SHOWN))}*: ${plural(t.people, 'person', 'people')}, ` +
    `${plural(t.institutions, 'institution')}${types}${moved}`
  );
}

function quoteLines(t: ReportTheme): string[] {
  const shown = t.quotes.slice(0, QUOTES_SHOWN_PER_THEME);
  // Our own `>` starts the line; userText folds a quote's line breaks, so none can start another.
  const lines = shown.map((q) => `>“${userText(truncate(q, QUOTE_SHOWN))}”`);
  if (t.quotes.length > shown.length)
    lines.push(`_and ${plural(t.quotes.length - shown.length, 'more quote')}_`);
  return lines;
}

/** Each theme as one chunk of mrkdwn (its line and quotes), never over a section's limit. */
function themeChunks(r: CampaignReport): string[] {
  return r.themes.map((t) => truncate([themeLine(t), ...quoteLines(t)].join('\n'), BLOCK_KIT.sectionText));
}

/** Packs chunks into sections of at most 3,000 characters, within `budget` blocks; the rest counted. */
function packThemes(chunks: string[], budget: number): { blocks: KnownBlock[]; left: number } {
  const blocks: KnownBlock[] = [];
  let current: string[] = [];
  let length = 0;
  let shown = 0;
  const flush = () => {
    blocks.push(section(current.join('\n\n')));
    shown += current.length;
    current = [];
    length = 0;
  };
  for (const chunk of chunks) {
    const added = current.length ? chunk.length + 2 : chunk.length;
    if (current.length && length + added > BLOCK_KIT.sectionText) {
      // The section in hand is the last one that fits: what does not fit is counted instead.
      if (blocks.length + 1 >= budget) break;
      flush();
      current.push(chunk);
      length = chunk.length;
      continue;
    }
    current.push(chunk);
    length += added;
  }
  if (current.length && blocks.length < budget) flush();
  return { blocks, left: chunks.length - shown };
}

/** The report's blocks within `budget` blocks. */
function reportBlocks(r: CampaignReport, budget: number): KnownBlock[] {
  const c = r.campaign;
  const head: KnownBlock[] = [
    header(`What we heard: ${userPlainText(truncate(c.name, NAME_SHOWN))}`),
    section(`_${userText(truncate(c.question, QUESTION_SHOWN))}_\n${dates(r)}`),
    section(
      `:speech_balloon: *${plural(r.conversations, 'conversation')}* ` +
        `(the team's target: ${r.teamTarget}, ${plural(r.visitors, 'visitor')}) and ` +
        `*${plural(r.houseMeetings, 'house meeting')}*.`,
    ),
  ];
  const tail: KnownBlock[] = [];
  if (r.otherThemes > 0) {
    tail.push(
      context(
        `Other themes (${r.otherThemes}): each raised by fewer than ${plural(c.minCount, 'person', 'people')}, so not shown.`,
      ),
    );
  }
  tail.push(
    context(
      `Themes are ranked by how many different people raised them, in one-to-ones and house meetings` +
        `${r.previous ? `; ↑↓ against ${userText(truncate(r.previous.name, NAME_SHOWN))}` : ''}. ` +
        'Quotes are shared with the speaker’s consent, without their name.',
    ),
  );
  const room = Math.max(1, budget - head.length - tail.length - 1);
  const body: KnownBlock[] = [];
  if (r.themes.length === 0) {
    body.push(
      section(
        r.otherThemes > 0
          ? `No theme has been raised by ${plural(c.minCount, 'person', 'people')} yet.`
          : 'No themes heard yet: they appear here as visitors log their conversations.',
      ),
    );
  } else {
    const { blocks, left } = packThemes(themeChunks(r), room);
    body.push(...blocks);
    if (left > 0) {
      body.push(context(`and ${plural(left, 'more theme')}: \`${COMMAND} campaign export\` has them all.`));
    }
  }
  return [...head, ...body, ...tail].slice(0, budget);
}

function notificationText(r: CampaignReport): string {
  // Notifications can show on a lock screen: the name and counts only.
  return `What we heard: ${userText(truncate(r.campaign.name, NAME_SHOWN))} (${plural(r.conversations, 'conversation')}, ${plural(r.houseMeetings, 'house meeting')})`;
}

/** The report as posted to a channel. */
export function campaignReportMessage(r: CampaignReport): Message {
  return { text: notificationText(r), blocks: reportBlocks(r, BLOCK_KIT.messageBlocks) };
}

/** Blocks the preview adds around the report. */
const PREVIEW_FRAME = 2;

/**
 * `/onetoone campaign report`: the report shown only to me, with "Post to channel" for its
 * administrators (the campaign's channel, or another one chosen; both asked to confirm).
 */
export function campaignReportPreview(r: CampaignReport, canPost: boolean): Message {
  const blocks = reportBlocks(r, BLOCK_KIT.messageBlocks - PREVIEW_FRAME);
  blocks.unshift(context(':eyes: Preview: only you can see this.'));
  const id = r.campaign.id;
  if (canPost) {
    const elements: (Button | ConversationsSelect)[] = [];
    if (r.campaign.channelId) {
      elements.push({
        type: 'button',
        action_id: CAMPAIGN_REPORT_ACTION.post,
        text: plain('Post to channel', BLOCK_KIT.buttonText),
        value: id,
        style: 'primary',
        confirm: {
          title: plain('Post the report?', 100),
          text: plain(
            'Everyone in the channel will see it: the themes above the minimum count, and the consented quotes.',
            300,
          ),
          confirm: plain('Post', 30),
          deny: plain('Not yet', 30),
        },
      });
    }
    elements.push({
      type: 'conversations_select',
      action_id: CAMPAIGN_REPORT_ACTION.postTo,
      placeholder: plain(
        r.campaign.channelId ? 'Or post to another channel…' : 'Post to a channel…',
        BLOCK_KIT.placeholder,
      ),
      filter: { include: ['public', 'private'], exclude_bot_users: true },
      confirm: {
        title: plain('Post the report?', 100),
        text: plain('Everyone in that channel will see it.', 300),
        confirm: plain('Post', 30),
        deny: plain('Not yet', 30),
      },
    });
    // The campaign id rides in the block id: a select's value is the channel chosen.
    blocks.push({ type: 'actions', block_id: `campaign_report_${id}`.slice(0, BLOCK_KIT.blockId), elements });
  } else {
    blocks.push(context('The campaign’s administrators can post it to the channel.'));
  }
  return { text: `Preview: ${notificationText(r)}`, blocks };
}

/** The campaign id a preview's actions block carries (the select's payload names only the channel). */
export function campaignIdFromBlockId(blockId: string): string | undefined {
  const m = /^campaign_report_(.+)$/.exec(blockId);
  return m?.[1];
}

/** The mid-point summary (the mid-point DM's button): the report as it stands, read-only. */
export function campaignReportModal(r: CampaignReport): ModalView {
  return {
    type: 'modal',
    callback_id: CAMPAIGN_REPORT_CALLBACK,
    title: plain('Mid-point summary', BLOCK_KIT.modalTitle),
    close: plain('Close', BLOCK_KIT.modalButton),
    blocks: reportBlocks(r, BLOCK_KIT.modalBlocks),
  };
}

/** Several campaigns could be meant: one button each. */
export function campaignChoiceMessage(campaigns: CampaignChoice[], verb: 'report' | 'export'): Message {
  const shown = campaigns.slice(0, BLOCK_KIT.messageBlocks - 2);
  const blocks: KnownBlock[] = [section(`Which campaign? (or \`${COMMAND} campaign ${verb} NAME\`)`)];
  for (const c of shown) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*${userText(truncate(c.name, NAME_SHOWN))}* · ${formatDate(c.startsOn)} – ${formatDate(c.endsOn)}${c.closedOn ? ' · closed' : ''}`,
      ),
      accessory: {
        type: 'button',
        action_id: verb === 'report' ? CAMPAIGN_REPORT_ACTION.open : CAMPAIGN_REPORT_ACTION.exportOne,
        text: plain(verb === 'report' ? 'Report' : 'Export', BLOCK_KIT.buttonText),
        value: c.id,
      },
    });
  }
  if (campaigns.length > shown.length)
    blocks.push(context(`and ${campaigns.length - shown.length} more: type the name.`));
  return { text: 'Which campaign?', blocks };
}

export function campaignNoneNotice(name: string): Message {
  const text = name
    ? `I can’t find a campaign called “${userText(truncate(name, NAME_SHOWN))}” that you take part in or run.`
    : `You don’t take part in or run a campaign yet. \`${COMMAND} campaign new\` starts one.`;
  return { text: 'No campaign found', blocks: [section(text)] };
}

export function campaignNotAllowedNotice(): Message {
  const text = 'Sorry, only the campaign’s administrators (its creator, and workspace admins) can do that.';
  return { text, blocks: [section(text)] };
}

export function campaignReportPostedNotice(result: PostReportResult): Message {
  let text: string;
  switch (result.kind) {
    case 'posted':
      text = `:white_check_mark: Posted the report to <#${result.channelId}>${result.chart === 'uploaded' ? ', with its chart' : ''}.`;
      break;
    case 'noChannel':
      text = 'This campaign has no channel: choose one to post the report to.';
      break;
    case 'botNotInChannel':
      text = `I’m not in <#${result.channelId}>, so I can’t post there. Invite me with \`/invite @onetoone\` and try again.`;
      break;
  }
  return { text, blocks: [section(text)] };
}

export function campaignExportStartedNotice(): Message {
  const text =
    ':hourglass_flowing_sand: Preparing the campaign report as CSV; it will arrive in your DM with me.';
  return { text, blocks: [section(text)] };
}

export function campaignExportNotice(result: ExportReportResult): Message {
  const name = (n: string) => userText(truncate(n, NAME_SHOWN));
  const text =
    result.kind === 'sent'
      ? `:inbox_tray: The report of *${name(result.campaignName)}* is in your DM with me, as CSV files.`
      : result.kind === 'snippet'
        ? `:inbox_tray: I couldn’t upload files, so the report of *${name(result.campaignName)}* is in your DM with me as CSV text.`
        : 'Sorry, I couldn’t send the export to your DM. Please try again in a minute.';
  return { text, blocks: [section(text)] };
}

/** The comment on the uploaded CSV files. */
export function campaignExportComment(r: CampaignReport): string {
  return (
    `The report of “${truncate(r.campaign.name, NAME_SHOWN)}” as CSV: the themes with their counts, and the consented quotes. ` +
    `Themes raised by fewer than ${plural(r.campaign.minCount, 'person', 'people')} are not in it.`
  );
}

/** What the chart picture draws: the shown themes, ranked, by people. */
export function reportChartBars(r: CampaignReport): { label: string; value: number }[] {
  return r.themes.map((t) => ({ label: truncate(t.label, THEME_LABEL_SHOWN), value: t.people }));
}

/** The chart picture's title (its alt text, naming every bar, is the chart module's). */
export function reportChartTitle(r: CampaignReport): string {
  return `Themes heard: ${truncate(r.campaign.name, NAME_SHOWN)} (people who raised each)`;
}

/** The reply to `/onetoone campaign report [name]` (and its Report button), whatever the use case answered. */
export function campaignReportReply(result: PreviewReportResult | Refusal): Message {
  if ('ok' in result)
    return result.code === ErrorCode.NotAllowed ? campaignNotAllowedNotice() : refusalNotice(result.code);
  switch (result.kind) {
    case 'report':
      return campaignReportPreview(result.report, result.canPost);
    case 'choose':
      return campaignChoiceMessage(result.campaigns, 'report');
    case 'none':
      return campaignNoneNotice(result.name);
  }
}

/** The reply to `/onetoone campaign export [name]` (and its Export button). */
export function campaignExportReply(
  result: ExportReportResult | Exclude<PreviewReportResult, { kind: 'report' }> | Refusal,
): Message {
  if ('ok' in result)
    return result.code === ErrorCode.NotAllowed ? campaignNotAllowedNotice() : refusalNotice(result.code);
  switch (result.kind) {
    case 'choose':
      return campaignChoiceMessage(result.campaigns, 'export');
    case 'none':
      return campaignNoneNotice(result.name);
    default:
      return campaignExportNotice(result);
  }
}

/** The reply to "Post to channel" (a refusal gets the administrators-only notice). */
export function campaignPostReply(result: PostReportResult | Refusal): Message {
  if ('ok' in result)
    return result.code === ErrorCode.NotAllowed ? campaignNotAllowedNotice() : refusalNotice(result.code);
  return campaignReportPostedNotice(result);
}
