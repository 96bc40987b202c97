import { fileURLToPath } from 'node:url';
import { componentLoader } from './index.js';

/** Components of the support resources and page, on the panel's one loader (see index.ts). */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const SupportComponents = {
  TicketAction: componentLoader.add('ScriptoriumTicketAction', here('./TicketAction')),
  TicketThread: componentLoader.add('ScriptoriumTicketThread', here('./TicketThread')),
  SupportDashboard: componentLoader.add('ScriptoriumSupportDashboard', here('./SupportDashboard')),
} as const;
