import { fileURLToPath } from 'node:url';
import { componentLoader } from './index.js';

/** Components of the discount resources, on the panel's one loader (see index.ts). */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const DiscountComponents = {
  DiscountAction: componentLoader.add('ScriptoriumDiscountAction', here('./DiscountAction')),
  CampaignAnalytics: componentLoader.add('ScriptoriumCampaignAnalytics', here('./CampaignAnalytics')),
} as const;
