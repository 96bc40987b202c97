import { fileURLToPath } from 'node:url';
import { componentLoader } from './index.js';

/** The job monitor's link in the sidebar, on the panel's one loader (see index.ts). */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const JobMonitorComponents = {
  SidebarFooter: componentLoader.override('SidebarFooter', here('./JobMonitorLink')),
} as const;
