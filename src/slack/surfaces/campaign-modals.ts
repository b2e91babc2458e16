import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.js';
import { ErrorCode, refuse } from '../../errors.js';
import { openEditCampaignForm, openNewCampaignForm } from '../../services/campaigns.js';
import { openHouseMeetingForm } from '../../services/house-meetings.js';
import type { Actor } from '../../services/organisers.js';
import { campaignNotAllowedNotice } from '../../views/campaign-messages.js';
import { campaignModal } from '../../views/campaign-modal.js';
import { houseMeetingModal } from '../../views/house-meeting-modal.js';
import { openModal } from './modals.js';

/**
 * Opening the campaign and house-meeting modals (ack first: a trigger_id lives 3 seconds). A
 * campaign someone does not administer throws the refusal for the middleware to answer.
 */

export async function openNewCampaignModal(deps: Deps, client: WebClient, actor: Actor, triggerId: string) {
  await openModal(client, triggerId, campaignModal(await openNewCampaignForm(deps, actor)));
}

export async function openEditCampaignModal(
  deps: Deps,
  client: WebClient,
  actor: Actor,
  triggerId: string,
  campaignId: string,
) {
  const form = await openEditCampaignForm(deps, actor, campaignId);
  if (!form.ok) refuse(form, form.code === ErrorCode.NotAllowed ? campaignNotAllowedNotice() : undefined);
  await openModal(client, triggerId, campaignModal(form.value));
}

export async function openHouseMeetingModal(deps: Deps, client: WebClient, actor: Actor, triggerId: string) {
  await openModal(client, triggerId, houseMeetingModal(await openHouseMeetingForm(deps, actor)));
}
