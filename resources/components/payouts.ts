import { fileURLToPath } from 'node:url';
import { componentLoader } from './index.js';

/** Components of the payouts resources, on the panel's one loader (see index.ts). */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const PayoutComponents = {
  PayoutMarkPaid: componentLoader.add('ScriptoriumPayoutMarkPaid', here('./PayoutMarkPaid')),
  PayoutLines: componentLoader.add('ScriptoriumPayoutLines', here('./PayoutLines')),
} as const;
