import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Router } from 'express';
import type { AppContext } from '../src/platform/context.js';

/**
 * The AdminJS back office, mounted at /admin.
 *
 * AdminJS reads ADMIN_JS_TMP_DIR once, when it is first imported, and writes its component bundle
 * there. Its default `.adminjs` is a dot folder, which Express 5 refuses to serve (custom
 * components then silently 404 in production), so we point it under DATA_DIR before importing
 * anything from adminjs — hence the dynamic import of the panel.
 */
export async function buildAdminRouter(context: AppContext): Promise<Router> {
  process.env.ADMIN_JS_TMP_DIR ??= path.resolve(context.config.DATA_DIR, 'adminjs');
  if (context.config.NODE_ENV !== 'production') {
    // Outside production AdminJS builds the bundle on its first request and then serves that file
    // for ever; removing it at start makes a restart pick up edited components.
    rmSync(path.join(process.env.ADMIN_JS_TMP_DIR, 'bundle.js'), { force: true });
  }
  const { buildPanel } = await import('./panel.js');
  return buildPanel(context);
}
