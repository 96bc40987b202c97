import AdminJSExpress from '@adminjs/express';
import { Database, Resource } from '@adminjs/sequelize';
import AdminJS from 'adminjs';
import express from 'express';
import { EditorTask } from '../../src/editors/models.js';
import { initModels } from '../../src/models.js';
import { createSequelize } from '../../src/platform/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { User } from '../../src/identity/models.js';
import { Order } from '../../src/orders/models.js';
import { Website } from '../../src/tenancy/models.js';

/**
 * The baseline of the admin editor_tasks list: AdminJS's own list on the same table, through the
 * stock @adminjs/sequelize Resource (exact COUNT(*) and its own filters), no auth. Prints
 * `listening <url>`.
 */
AdminJS.registerAdapter({ Database, Resource });
const sequelize = createSequelize(process.env.DATABASE_URL!, createLogger('silent'), Number(process.env.DATABASE_POOL_MAX ?? 10));
initModels(sequelize);
// The list populates each task's order, writer, editor and website, so those resources are registered too.
const admin = new AdminJS({ rootPath: '/admin', resources: [EditorTask, Order, User, Website] });
const app = express();
app.use('/admin', AdminJSExpress.buildRouter(admin));
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void sequelize.close().then(() => process.exit(0));
});
