/** Email templates edited in the back office, and the outgoing mail records (a sub-area of notifications). */
export { EMAIL_STATUSES, EmailMessage, EmailTemplate, EmailTemplateVersion, initEmailTemplateModels } from './models.js';
export { kindOfKey, overridableKeys, variablesOf } from './rules.js';
export { emailMessageRecorder, emailOverrides } from './service/delivery.js';
export { previewEmailTemplate, testSendEmailTemplate, type EmailPreview } from './service/preview.js';
export {
  createEmailTemplate,
  emailTemplateVersions,
  rollbackEmailTemplate,
  updateEmailTemplate,
  type EmailTemplateInput,
  type TemplateVersionView,
} from './service/templates.js';
export { canManageEmailTemplates, canReadEmailMessages } from './policy.js';
