import type { WebClient } from '@slack/web-api';
import { renderRankedBarsPng } from '../../charts/ranked-bars.js';
import type { Deps } from '../../deps.js';
import type { CampaignReport, ReportChart } from '../../domain/campaign-report.js';
import { refuse } from '../../errors.js';
import { campaignReportById, type ReportRendering } from '../../services/campaign-report.js';
import type { Actor } from '../../services/organisers.js';
import {
  campaignNotAllowedNotice,
  campaignReportMessage,
  campaignReportModal,
  reportChartBars,
  reportChartTitle,
} from '../../views/campaign-report.js';
import { openModal } from './modals.js';

/**
 * The mid-point summary (issue 11): a campaign's report as it stands, in a modal, for someone
 * who takes part in it or administers it (checked by the use case: the id came from a payload).
 */
export async function openCampaignSummaryModal(
  deps: Deps,
  client: WebClient,
  actor: Actor,
  triggerId: string,
  campaignId: string,
): Promise<void> {
  const result = await campaignReportById(deps, actor, campaignId);
  if ('ok' in result) refuse(result, result.code === 'not_allowed' ? campaignNotAllowedNotice() : undefined);
  if (result.kind !== 'report') return;
  await openModal(client, triggerId, campaignReportModal(result.report));
}

/**
 * How "Post to channel" draws the report: the message (src/views/campaign-report.ts) and the
 * ranked themes as a bar-chart picture (src/charts/ranked-bars.ts, rendered on this server), with
 * alt text naming every bar. No themes shown yet: no picture.
 */
export const campaignReportRendering: ReportRendering = {
  message: campaignReportMessage,
  async chart(report: CampaignReport): Promise<ReportChart | undefined> {
    const bars = reportChartBars(report);
    if (bars.length === 0) return undefined;
    const title = reportChartTitle(report);
    const picture = await renderRankedBarsPng({
      bars: bars.map((b) => ({ label: b.label, count: b.value })),
      title,
      unit: ['person', 'people'],
    });
    return { filename: 'campaign-themes.png', content: picture.png, title, altText: picture.altText };
  },
};
