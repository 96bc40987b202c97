import { fileURLToPath } from 'node:url';
import { componentLoader } from './index.js';

/** Components of the ledger resources, on the panel's one loader (see index.ts). */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const LedgerComponents = {
  LedgerLines: componentLoader.add('ScriptoriumLedgerLines', here('./LedgerLines')),
  LedgerAdjust: componentLoader.add('ScriptoriumLedgerAdjust', here('./LedgerAdjust')),
} as const;
