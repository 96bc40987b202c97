import type { ResourceWithOptions } from 'adminjs';
import type { StaffAdmin } from '../src/admin-auth/index.js';
import {
  createEmailTemplate,
  EMAIL_STATUSES,
  EmailMessage,
  EmailTemplate,
  emailTemplateVersions,
  overridableKeys,
  previewEmailTemplate,
  rollbackEmailTemplate,
  testSendEmailTemplate,
  updateEmailTemplate,
  variablesOf,
} from '../src/notifications/email-templates/index.js';
import { admins, formHandler, hiddenAction, moneyStaff as staff, readOnlyActions, recordAction, serviceRecordAction } from './actions.js';
import { EmailTemplateComponents } from './components/email-templates.js';
import { navigation } from './navigation.js';
import { payloadOf } from './order-forms.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * Email in the back office. `email_templates`: a website's overrides of the default templates of
 * templates/ (key: a template's name, `layout`, or `partial:<name>`), created with `new` (key,
 * subject, html, text) and changed with `edit` — the form lists the variables the template may
 * use, and the service refuses a source that does not compile or reads an undeclared variable,
 * naming it; record actions `preview` (sample data, HTML in a sandboxed iframe), `testSend` (to
 * the signed-in staff member's address) and `rollback` (to a chosen earlier version). Admins of a
 * website see theirs, a superadmin every website's. `email_messages`: every email sent, read-only,
 * searched by recipient and filtered by template and status.
 */

const values = (list: readonly string[]) => list.map((v) => ({ value: v, label: v }));

/** Admins (of their website) and the superadmin: templates hold no customer data, but only admins change them. */
function adminScope(admin: StaffAdmin) {
  if (admin.role !== 'admin' && admin.role !== 'superadmin') throw new Error('admins only');
  return websiteScope(admin);
}

const idOf = (context: { record?: { id(): string | number } }) => Number(context.record!.id());

export function emailTemplatesResource(): ResourceWithOptions {
  const keys = overridableKeys();
  return {
    resource: new ScopedResource(EmailTemplate, { scope: adminScope, defaultSort: { sortBy: 'key', direction: 'asc' } }),
    options: {
      navigation: navigation.communication,
      listProperties: ['id', 'key', 'subject', 'version', 'active', 'websiteId', 'updatedAt'],
      filterProperties: ['key', 'active', 'websiteId', 'authorId', 'updatedAt'],
      showProperties: [
        'id',
        'key',
        'version',
        'active',
        'subject',
        'html',
        'text',
        'variables',
        'websiteId',
        'authorId',
        'createdAt',
        'updatedAt',
      ],
      editProperties: ['key', 'variables', 'subject', 'html', 'text', 'active', 'websiteId'],
      properties: {
        key: {
          isTitle: true,
          availableValues: values(keys),
          description: 'A template of templates/, `layout` (the HTML frame) or `partial:<name>`',
        },
        subject: { type: 'textarea', description: 'Handlebars; empty keeps the default subject' },
        html: {
          type: 'textarea',
          props: { rows: 16 },
          description: 'Handlebars; wrap a template’s body in {{#> layout}}…{{/layout}}. Empty keeps the default',
        },
        text: { type: 'textarea', props: { rows: 10 }, description: 'Handlebars, plain text; empty keeps the default' },
        active: { description: 'Only an active override is used when mailing' },
        version: { isVisible: { list: true, filter: false, show: true, edit: false } },
        websiteId: { reference: 'websites', description: 'Superadmin only: the website of a new override' },
        authorId: { reference: 'users', isVisible: { list: false, filter: true, show: true, edit: false } },
        variables: {
          type: 'string',
          isVisible: { list: false, filter: false, show: true, edit: true },
          components: { show: EmailTemplateComponents.Variables, edit: EmailTemplateComponents.Variables },
          custom: { variables: Object.fromEntries(keys.map((key) => [key, variablesOf(key)])) },
        },
      },
      actions: {
        ...readOnlyActions(admins),
        new: {
          isAccessible: admins,
          isVisible: admins,
          handler: formHandler(
            async (actor, request) => (await createEmailTemplate(actor, payloadOf(request.payload))).id,
            'The email template is saved',
          ),
        },
        edit: {
          isAccessible: admins,
          isVisible: admins,
          handler: formHandler(
            async (actor, request, context) => (await updateEmailTemplate(actor, idOf(context), payloadOf(request.payload))).id,
            'The email template is saved',
          ),
        },
        preview: recordAction({
          icon: 'Eye',
          component: EmailTemplateComponents.Preview,
          custom: {},
          isAccessible: admins,
          isVisible: admins,
          show: async (actor, _request, context) => ({ preview: await previewEmailTemplate(actor, idOf(context)) }),
        }),
        testSend: serviceRecordAction({
          name: 'testSend',
          icon: 'Send',
          question: 'Send this template, rendered with its sample data, to your own email address?',
          confirmLabel: 'Send the test',
          success: 'The test email is sent to your address',
          isAccessible: admins,
          isVisible: admins,
          run: (actor, id) => testSendEmailTemplate(actor, id),
        }),
        rollback: recordAction({
          icon: 'RotateCcw',
          component: EmailTemplateComponents.Rollback,
          custom: {},
          isAccessible: admins,
          isVisible: admins,
          success: 'The earlier version is restored as a new version',
          show: async (actor, _request, context) => ({
            preview: { versions: await emailTemplateVersions(actor, idOf(context)), current: Number(context.record!.params.version) },
          }),
          run: (actor, request, context) => {
            const p = payloadOf(request.payload);
            return rollbackEmailTemplate(actor, idOf(context), p.version, typeof p.reason === 'string' ? p.reason.trim() : undefined);
          },
        }),
      },
    },
  };
}

export function emailMessagesResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(EmailMessage, {
      scope: websiteScope,
      searchProperties: ['recipient'],
      defaultSort: { sortBy: 'createdAt', direction: 'desc' },
    }),
    options: {
      navigation: navigation.communication,
      listProperties: ['id', 'recipient', 'templateKey', 'templateVersion', 'status', 'subject', 'createdAt'],
      filterProperties: ['recipient', 'templateKey', 'status', 'templateVersion', 'websiteId', 'createdAt'],
      showProperties: [
        'id',
        'recipient',
        'templateKey',
        'templateVersion',
        'layoutVersion',
        'subject',
        'status',
        'providerMessageId',
        'error',
        'websiteId',
        'createdAt',
        'updatedAt',
      ],
      properties: {
        recipient: { isTitle: true, description: 'Filter: part of the address, any case' },
        templateKey: { description: 'The template (or a campaign’s kind); filter: part of the name' },
        templateVersion: { description: 'The website’s override version used; empty: the default of templates/' },
        layoutVersion: { description: 'The website’s layout version used; empty: the default' },
        status: { availableValues: values(EMAIL_STATUSES) },
        error: { type: 'textarea' },
        websiteId: { reference: 'websites' },
      },
      actions: { ...readOnlyActions(staff), delete: hiddenAction },
    },
  };
}
