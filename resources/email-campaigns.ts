import { NotFoundError, type IsFunction, type ResourceWithOptions } from 'adminjs';
import {
  CampaignRecipient,
  cancelCampaign,
  CAMPAIGN_STATUSES,
  CAMPAIGN_VARIABLES,
  campaignTransitionApplies,
  createCampaign,
  EmailCampaign,
  EmailUnsubscribe,
  pauseCampaign,
  resumeCampaign,
  scheduleCampaign,
  sendCampaignTest,
  updateCampaign,
  type CampaignTransition,
} from '../src/notifications/campaigns/index.js';
import { adminOf, admins, formHandler, readOnlyActions, recordAction, serviceRecordAction } from './actions.js';
import { OrderComponents } from './components/orders.js';
import { navigation } from './navigation.js';
import { payloadOf } from './order-forms.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * Mass email campaigns in the back office (`email_campaigns`): admins of a website (a superadmin
 * any) write a campaign (`new`; `edit` while draft: name, subject, HTML — Handlebars with the
 * campaign variables only — audience as JSON, throttle a minute), send a test to their own
 * address, schedule it (`at`: an ISO date-time, now or later), pause, resume or cancel it. The
 * list and the record page show its progress (recipients, queued, sent, failed, unsubscribed,
 * skipped), kept current by the `email.campaigns` job. Every action acts only on POST, through
 * the campaigns' services (which check the staff member again and audit).
 */
const values = (list: readonly string[]) => list.map((v) => ({ value: v, label: v }));

/** Shown where the campaign's status allows the move (the service decides again). */
const when =
  (transition: CampaignTransition): IsFunction =>
  (context) =>
    admins(context) && (!context.record || campaignTransitionApplies(transition, String(context.record.params.status)));

const move = (
  transition: 'pause' | 'resume' | 'cancel',
  icon: string,
  question: string,
  confirmLabel: string,
  success: string,
  run: (actor: Parameters<typeof pauseCampaign>[0], id: number, reason: unknown) => Promise<unknown>,
) =>
  serviceRecordAction({
    name: transition,
    icon,
    question,
    confirmLabel,
    success,
    reason: transition === 'cancel' ? 'optional' : undefined,
    isAccessible: admins,
    isVisible: when(transition),
    run: (actor, id, payload) => run(actor, id, payload.reason),
  });

/** How a segment is written (campaigns and broadcasts alike). */
export const SEGMENT_HELP =
  'JSON: {"role":"client"}; keys role (client, writer, editor, support, admin), writerLevel (with role writer), ' +
  'activeWithinDays, orderedWithinDays, websiteId (superadmin only).';
const AUDIENCE_HELP = `${SEGMENT_HELP} Users who unsubscribed are always left out.`;

export function emailCampaignsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(EmailCampaign, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' } }),
    options: {
      navigation: navigation.communication,
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: [
        'id',
        'name',
        'status',
        'scheduledAt',
        'recipientsCount',
        'queuedCount',
        'sentCount',
        'failedCount',
        'unsubscribedCount',
        'websiteId',
      ],
      filterProperties: ['status', 'name', 'websiteId', 'scheduledAt', 'createdAt'],
      showProperties: [
        'id',
        'name',
        'status',
        'subject',
        'html',
        'audience',
        'throttlePerMinute',
        'scheduledAt',
        'startedAt',
        'finishedAt',
        'recipientsCount',
        'queuedCount',
        'sentCount',
        'failedCount',
        'unsubscribedCount',
        'skippedCount',
        'websiteId',
        'createdBy',
        'createdAt',
        'updatedAt',
      ],
      editProperties: ['name', 'subject', 'html', 'audience', 'throttlePerMinute'],
      properties: {
        name: { isTitle: true },
        status: { availableValues: values(CAMPAIGN_STATUSES) },
        subject: { description: `Handlebars; variables: ${CAMPAIGN_VARIABLES.join(', ')}` },
        html: {
          type: 'textarea',
          description: `Handlebars (#if / #unless allowed); variables: ${CAMPAIGN_VARIABLES.join(', ')}. Without {{unsubscribeUrl}} an unsubscribe link is added at the foot.`,
        },
        audience: { type: 'textarea', description: AUDIENCE_HELP },
        throttlePerMinute: { type: 'number', description: 'At most this many emails a minute' },
        websiteId: { reference: 'websites' },
        createdBy: { reference: 'users' },
        queuedCount: { description: 'Waiting or being sent' },
        skippedCount: { description: 'Not sent because the campaign was cancelled' },
      },
      actions: {
        ...readOnlyActions(admins),
        new: {
          isAccessible: admins,
          isVisible: admins,
          handler: formHandler(
            async (actor, request) => (await createCampaign(actor, payloadOf(request.payload))).id,
            'The campaign is saved as a draft',
            'record',
          ),
        },
        edit: {
          isAccessible: admins,
          isVisible: when('edit'),
          handler: formHandler(
            async (actor, request, context) => (await updateCampaign(actor, Number(context.record!.id()), payloadOf(request.payload))).id,
            'The campaign is saved',
            'record',
          ),
        },
        // GET only: opens the campaign's recipients (who got it, who failed and why).
        recipients: {
          actionType: 'record',
          icon: 'Users',
          component: false,
          isAccessible: admins,
          isVisible: (context) => admins(context) && Number(context.record?.params.recipientsCount ?? 0) > 0,
          handler: async (_request, _response, context) => {
            const admin = adminOf(context);
            if (!admin || !context.record) throw new NotFoundError('Campaign not found', 'Action#handler');
            return {
              record: context.record.toJSON(admin),
              redirectUrl: context.h.resourceUrl({
                resourceId: 'email_campaign_recipients',
                search: `?filters.campaignId=${encodeURIComponent(String(context.record.id()))}`,
              }),
            };
          },
        },
        sendTest: serviceRecordAction({
          name: 'sendTest',
          icon: 'Send',
          question: 'Send this campaign, as its recipients will get it, to your own address?',
          confirmLabel: 'Send the test',
          success: 'The test is sent to your address',
          isAccessible: admins,
          isVisible: admins,
          run: (actor, id) => sendCampaignTest(actor, id),
        }),
        schedule: recordAction({
          icon: 'Clock',
          component: OrderComponents.OrderAction,
          custom: {
            question: 'When should this campaign start sending?',
            confirmLabel: 'Schedule',
            fields: [
              {
                name: 'at',
                label: 'Send at',
                kind: 'text',
                help: 'An ISO date-time with its offset, e.g. 2026-12-24T09:00:00Z — now or later; empty or "now": now',
              },
            ],
          },
          isAccessible: admins,
          isVisible: when('schedule'),
          success: 'The campaign is scheduled',
          run: (actor, request, context) => scheduleCampaign(actor, Number(context.record!.id()), payloadOf(request.payload).at),
        }),
        pause: move(
          'pause',
          'Pause',
          'Pause this campaign? Nothing more is sent until you resume it.',
          'Pause',
          'The campaign is paused',
          (a, id) => pauseCampaign(a, id),
        ),
        resume: move(
          'resume',
          'Play',
          'Resume this campaign? Sending goes on where it stopped.',
          'Resume',
          'The campaign goes on',
          (a, id) => resumeCampaign(a, id),
        ),
        cancel: move(
          'cancel',
          'XCircle',
          'Cancel this campaign? Nobody else receives it, and it cannot be resumed.',
          'Cancel the campaign',
          'The campaign is cancelled',
          cancelCampaign,
        ),
      },
    },
  };
}

/** Each campaign's recipients, read only: where every email is (sent, failed with the error, unsubscribed, skipped). */
export function campaignRecipientsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(CampaignRecipient, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'asc' } }),
    options: {
      navigation: navigation.communication,
      listProperties: ['id', 'campaignId', 'email', 'status', 'attempts', 'sentAt', 'error'],
      filterProperties: ['campaignId', 'status', 'email', 'userId', 'sentAt'],
      showProperties: [
        'id',
        'campaignId',
        'userId',
        'email',
        'displayName',
        'status',
        'attempts',
        'claimedAt',
        'sentAt',
        'providerId',
        'error',
        'websiteId',
      ],
      properties: {
        email: { isTitle: true },
        campaignId: { reference: 'email_campaigns' },
        userId: { reference: 'users' },
        websiteId: { reference: 'websites' },
        status: { availableValues: values(['queued', 'claimed', 'sending', 'sent', 'failed', 'unsubscribed', 'skipped']) },
      },
      actions: readOnlyActions(admins),
    },
  };
}

/** Addresses that unsubscribed from a website's campaigns, read only (an unsubscribe is the address's own decision). */
export function emailUnsubscribesResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(EmailUnsubscribe, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' } }),
    options: {
      navigation: navigation.communication,
      listProperties: ['id', 'email', 'method', 'campaignId', 'userId', 'createdAt'],
      filterProperties: ['email', 'method', 'campaignId', 'userId', 'createdAt', 'websiteId'],
      properties: {
        email: { isTitle: true },
        campaignId: { reference: 'email_campaigns' },
        userId: { reference: 'users' },
        websiteId: { reference: 'websites' },
        method: { availableValues: values(['link', 'one_click']) },
      },
      actions: readOnlyActions(admins),
    },
  };
}
