import { fileURLToPath } from 'node:url';
import { componentLoader } from './index.js';

/** Components of the refunds resource, on the panel's one loader (see index.ts). */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const RefundComponents = {
  RefundSummary: componentLoader.add('ScriptoriumRefundSummary', here('./RefundSummary')),
} as const;
