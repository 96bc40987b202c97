import { fileURLToPath } from 'node:url';
import { componentLoader } from './index.js';

/** Components of the email_templates resource, on the panel's one loader (see index.ts). */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const EmailTemplateComponents = {
  Variables: componentLoader.add('ScriptoriumEmailTemplateVariables', here('./EmailTemplateVariables')),
  Preview: componentLoader.add('ScriptoriumEmailTemplatePreview', here('./EmailTemplatePreview')),
  Rollback: componentLoader.add('ScriptoriumEmailTemplateRollback', here('./EmailTemplateRollback')),
} as const;
