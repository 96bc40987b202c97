import { Order } from '../../src/orders/models.js';
import { adminGet, adminPost, recordActions, type Agent } from '../support/admin.js';

/** Order actions through the AdminJS HTTP API, the way the back office sends them (same origin). */
const orders = recordActions('orders');
export const orderAct = orders.act;
export const orderGet = orders.get;

export const bulkAct = (agent: Agent, ids: number[], action: string, data: Record<string, string> = {}, host = 'localhost') =>
  adminPost(agent, `orders/bulk/${action}?recordIds=${ids.join(',')}`, data, host);

export const listOrders = (agent: Agent, query = '', host = 'localhost') =>
  adminGet(agent, `orders/actions/list?perPage=500${query}`, host);

export const statusOf = async (id: number) => (await Order.findByPk(id))!.status;
export const orderOf = async (id: number) => (await Order.findByPk(id))!;
