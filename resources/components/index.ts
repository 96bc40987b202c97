import { fileURLToPath } from 'node:url';
import { ComponentLoader } from 'adminjs';

/**
 * Our React components, bundled by AdminJS (rollup + babel, offline) into
 * /admin/frontend/assets/components.bundle.js. Paths are absolute so the bundle builds from any
 * working directory and from dist/ after `npm run build`.
 */
export const componentLoader = new ComponentLoader();

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export const Components = {
  Dashboard: componentLoader.add('ScriptoriumDashboard', here('./Dashboard')),
  ConfirmAction: componentLoader.add('ScriptoriumConfirmAction', here('./ConfirmAction')),
  CsvExport: componentLoader.add('ScriptoriumCsvExport', here('./CsvExport')),
} as const;
