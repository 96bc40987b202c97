import { fileURLToPath } from 'node:url';
import { componentLoader } from './index.js';

/** Components of the fines resources, on the panel's one loader (see index.ts). */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const FineComponents = {
  FineAction: componentLoader.add('ScriptoriumFineAction', here('./FineAction')),
} as const;
