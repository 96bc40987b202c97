/** Mass email campaigns, unsubscribes and staff broadcasts (issue 13): the sub-area's public module. */
export { Broadcast, CampaignRecipient, EmailCampaign, EmailUnsubscribe, initCampaignModels } from './models.js';
export { AUDIENCE_ROLES, CAMPAIGN_STATUSES, CAMPAIGN_VARIABLES, campaignTransitionApplies } from './rules.js';
export type { Audience, CampaignStatus, CampaignTransition } from './rules.js';
export { emailRouter } from './routes.js';
export { BROADCAST_EVENT, createBroadcast, deliverBroadcast, type BroadcastInput } from './service/broadcasts.js';
export {
  cancelCampaign,
  createCampaign,
  pauseCampaign,
  resumeCampaign,
  scheduleCampaign,
  sendCampaignTest,
  updateCampaign,
  type CampaignInput,
} from './service/manage.js';
export { runEmailCampaigns, type CampaignRun } from './service/send.js';
export { isUnsubscribed, unsubscribeByToken } from './service/unsubscribe.js';
