import { fileURLToPath } from 'node:url';
import { componentLoader } from './index.js';

/** Components of the editors resources, on the panel's one loader (see index.ts). */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const EditorComponents = {
  EditorTaskAction: componentLoader.add('ScriptoriumEditorTaskAction', here('./EditorTaskAction')),
} as const;
