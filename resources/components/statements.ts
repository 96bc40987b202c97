import { fileURLToPath } from 'node:url';
import { componentLoader } from './index.js';

/** The monthly statement page, on the panel's one loader (see index.ts). */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const StatementsComponents = {
  StatementsPage: componentLoader.add('ScriptoriumStatementsPage', here('./StatementsPage')),
} as const;
