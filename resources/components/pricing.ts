import { fileURLToPath } from 'node:url';
import { componentLoader } from './index.js';

/** Components of the pricing resources, on the panel's one loader (see index.ts). */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const PricingComponents = {
  ChangesSummary: componentLoader.add('ScriptoriumChangesSummary', here('./ChangesSummary')),
} as const;
