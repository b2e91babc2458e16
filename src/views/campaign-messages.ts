import type { KnownBlock } from '@slack/types';
import type { CampaignProgress, CampaignSummary } from '../domain/campaign.js';
import { formatDate } from '../domain/time.js';
import { CAMPAIGN_ACTION } from '../interaction-ids.js';
import { BLOCK_KIT, context, type Message, plain, section, userText } from './block-kit.js';

/** Campaigns one message lists (a section and an actions block each, within 50 blocks). */
const LIST_MAX = 20;

function when(c: Pick<CampaignSummary, 'startsOn' | 'endsOn' | 'closedOn'>): string {
  return `${formatDate(c.startsOn)} – ${formatDate(c.closedOn && c.closedOn < c.endsOn ? c.closedOn : c.endsOn)}`;
}

function statusText(c: CampaignProgress): string {
  switch (c.status) {
    case 'upcoming':
      return `starts ${formatDate(c.startsOn)}`;
    case 'running':
      return c.daysLeft === 1 ? 'last day' : `${c.daysLeft} days left`;
    case 'ended':
      return 'ended';
    default:
      return 'closed';
  }
}

function team(c: Pick<CampaignSummary, 'channelId'>): string {
  return c.channelId ? `<#${c.channelId}>` : 'chosen members';
}

/** `/onetoone campaign`: my campaigns with progress; Edit and Close for their administrators. */
export function campaignListMessage(campaigns: CampaignProgress[]): Message {
  if (campaigns.length === 0) {
    const text =
      'You are not in a listening campaign yet. Start one with `/onetoone campaign new`: a shared question, a team, and the themes you hear.';
    return { text, blocks: [section(text)] };
  }
  const blocks: KnownBlock[] = [section('*Your listening campaigns*')];
  for (const c of campaigns.slice(0, LIST_MAX)) {
    const lines = [
      `*${userText(c.name)}* · ${statusText(c)} · ${when(c)} · ${team(c)}`,
      c.isMember
        ? `You: *${c.mine}* of ${c.targetPerVisitor} conversations · the team: *${c.team}* of ${c.teamTarget} (${c.visitors} visitors)`
        : `The team: *${c.team}* of ${c.teamTarget} conversations (${c.visitors} visitors) · you administer it`,
      `${c.houseMeetings} house meeting${c.houseMeetings === 1 ? '' : 's'}`,
    ];
    blocks.push(section(lines.join('\n')));
    if (c.isAdmin && c.status !== 'closed') {
      blocks.push({
        type: 'actions',
        block_id: `campaign_admin:${c.id}`,
        elements: [
          {
            type: 'button',
            action_id: CAMPAIGN_ACTION.edit,
            text: plain('Edit', BLOCK_KIT.buttonText),
            value: c.id,
          },
          {
            type: 'button',
            action_id: CAMPAIGN_ACTION.close,
            text: plain('Close', BLOCK_KIT.buttonText),
            value: c.id,
            confirm: {
              title: plain('Close this campaign?', 100),
              text: plain('Conversations after today will not count toward it. This cannot be undone.', 300),
              confirm: plain('Close it', 30),
              deny: plain('Keep it open', 30),
            },
          },
        ],
      });
    }
  }
  if (campaigns.length > LIST_MAX) blocks.push(context(`And ${campaigns.length - LIST_MAX} more.`));
  blocks.push(
    context(
      '`/onetoone campaign new` starts another · `campaign edit|close [name]` · themes are counts; no one’s story leaves you.',
    ),
  );
  return { text: 'Your listening campaigns', blocks };
}

/** After the campaign modal was saved (a DM to its creator or editor). */
export function campaignSavedMessage(c: CampaignSummary, edited: boolean, visitors: number): Message {
  const text = edited
    ? `Saved “${c.name}”.`
    : `“${c.name}” is set up: ${visitors} visitor${visitors === 1 ? '' : 's'}, ${when(c)}.`;
  return {
    text,
    blocks: [
      section(
        `:white_check_mark: ${edited ? `Saved *${userText(c.name)}*` : `*${userText(c.name)}* is set up`}: ${visitors} visitor${visitors === 1 ? '' : 's'} (${team(c)}), ${when(c)}, ${c.targetPerVisitor} conversations each.`,
      ),
      context(
        'While it runs, the log form asks each visitor which themes they heard. `/onetoone campaign` shows the progress.',
      ),
    ],
  };
}

export function campaignClosedNotice(c: CampaignSummary, already: boolean): Message {
  const text = already
    ? `“${c.name}” was already closed.`
    : `Closed “${c.name}”. Conversations after today do not count toward it.`;
  return { text, blocks: [section(userText(text))] };
}

/** `campaign edit|close` when the words name no campaign I administer. */
export function campaignNoneNotice(query: string, verb: 'edit' | 'close'): Message {
  const text = query
    ? `I can’t find an open campaign called “${query}” that you administer.`
    : `You don’t administer an open campaign to ${verb}. Its creator and workspace admins can.`;
  return { text, blocks: [section(userText(text))] };
}

/** `campaign edit|close` when several match: say which. */
export function campaignChooseNotice(campaigns: CampaignSummary[], verb: 'edit' | 'close'): Message {
  const names = campaigns.map((c) => `• ${userText(c.name)}`).join('\n');
  const text = `Which one? Say \`/onetoone campaign ${verb} NAME\`:`;
  return { text, blocks: [section(`${text}\n${names}`)] };
}

export function campaignNotAllowedNotice(): Message {
  const text = 'Only the campaign’s creator or a workspace admin can change it.';
  return { text, blocks: [section(text)] };
}

/** `/onetoone campaign <unknown word>`. */
export function campaignUsageNotice(words: readonly string[]): Message {
  const text = `\`/onetoone campaign\` lists your campaigns; then ${words.map((w) => `\`campaign ${w}\``).join(', ')}.`;
  return { text, blocks: [section(text)] };
}
