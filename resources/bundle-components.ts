import AdminJS from 'adminjs';

/**
 * Bundles the back office's React components (rollup + babel) into ADMIN_JS_TMP_DIR/bundle.js and
 * exits. Production runs it as a child process at start-up (panel.ts): bundling in the server's
 * own process would leave it ~250 MB larger for its whole life (V8 keeps the heap it grew), which
 * is most of what a streamed million-row export is allowed. The parent sets ADMIN_JS_TMP_DIR and
 * NODE_ENV=production; importing the panel registers every component on the one loader.
 */
await import('./panel.js');
const { componentLoader } = await import('./components/index.js');
await new AdminJS({ componentLoader }).initialize();
process.exit(0);
