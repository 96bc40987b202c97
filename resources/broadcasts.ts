import { SEGMENT_HELP } from './email-campaigns.js';
import type { ResourceWithOptions } from 'adminjs';
import { Broadcast, createBroadcast } from '../src/notifications/campaigns/index.js';
import { admins, formHandler, readOnlyActions } from './actions.js';
import { navigation } from './navigation.js';
import { payloadOf } from './order-forms.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * Staff broadcasts (`broadcasts`): an admin sends an in-app notice (title, body, optional link) to
 * a segment of the website's users with `new`; it is delivered through the outbox into each
 * user's notifications. Sent broadcasts are listed, never edited.
 */
export function broadcastsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(Broadcast, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' } }),
    options: {
      navigation: navigation.communication,
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['id', 'title', 'audience', 'recipientsCount', 'createdBy', 'createdAt', 'websiteId'],
      filterProperties: ['title', 'websiteId', 'createdBy', 'createdAt'],
      showProperties: ['id', 'title', 'body', 'link', 'audience', 'recipientsCount', 'createdBy', 'createdAt', 'websiteId'],
      editProperties: ['title', 'body', 'link', 'audience'],
      properties: {
        title: { isTitle: true },
        body: { type: 'textarea' },
        link: { description: 'Optional: a portal path such as /orders, or an https:// URL' },
        audience: { type: 'textarea', description: SEGMENT_HELP },
        websiteId: { reference: 'websites' },
        createdBy: { reference: 'users' },
        recipientsCount: { description: 'Users in the segment when it was sent' },
      },
      actions: {
        ...readOnlyActions(admins),
        new: {
          isAccessible: admins,
          isVisible: admins,
          handler: formHandler(
            async (actor, request) => (await createBroadcast(actor, payloadOf(request.payload))).id,
            'The broadcast is on its way',
            'record',
          ),
        },
      },
    },
  };
}
