import { fileURLToPath } from 'node:url';
import { componentLoader } from './index.js';

/** How values read in lists and on record pages (money, basis points, moments, statuses); see resources/values.ts. */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const ValueComponents = {
  Basis: componentLoader.add('ScriptoriumBasis', here('./Basis')),
  DateTime: componentLoader.add('ScriptoriumDateTime', here('./DateTime')),
  StatusBadge: componentLoader.add('ScriptoriumStatusBadge', here('./StatusBadge')),
} as const;
