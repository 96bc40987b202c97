import { fileURLToPath } from 'node:url';
import { componentLoader } from './index.js';

/** The back-office search box in the top bar (AdminJS's Version slot), on the panel's one loader (see index.ts). */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const SearchComponents = {
  SearchBox: componentLoader.override('Version', here('./SearchBox')),
} as const;
