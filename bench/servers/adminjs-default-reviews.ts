import AdminJSExpress from '@adminjs/express';
import { Database, Resource } from '@adminjs/sequelize';
import AdminJS from 'adminjs';
import express from 'express';
import { initModels } from '../../src/models.js';
import { createSequelize } from '../../src/platform/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { User } from '../../src/identity/models.js';
import { Order } from '../../src/orders/models.js';
import { Review } from '../../src/reviews/models.js';
import { Website } from '../../src/tenancy/models.js';

/**
 * The baseline of the admin Reviews list: AdminJS's own list on the same `reviews` table, through
 * the stock @adminjs/sequelize Resource (exact COUNT(*) and its own filters), no auth. Prints
 * `listening <url>`.
 */
AdminJS.registerAdapter({ Database, Resource });
const sequelize = createSequelize(process.env.DATABASE_URL!, createLogger('silent'), Number(process.env.DATABASE_POOL_MAX ?? 10));
initModels(sequelize);
const admin = new AdminJS({ rootPath: '/admin', resources: [Review, Order, User, Website] });
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
