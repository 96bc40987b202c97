import type { Actor } from '../../src/identity/actor.js';
import { Order } from '../../src/orders/models.js';
import type { Agent } from './helpers.js';

/** Order actions through the AdminJS HTTP API, the way the back office sends them (same origin). */
export function orderAct(agent: Agent, orderId: number, action: string, data: Record<string, string> = {}, host = 'localhost') {
  return agent
    .post(`/admin/api/resources/orders/records/${orderId}/${action}`)
    .set('Host', host)
    .set('Origin', `http://${host}`)
    .type('form')
    .send(data);
}

export const orderGet = (agent: Agent, orderId: number, action: string, query = '', host = 'localhost') =>
  agent.get(`/admin/api/resources/orders/records/${orderId}/${action}${query}`).set('Host', host);

export function bulkAct(agent: Agent, ids: number[], action: string, data: Record<string, string> = {}, host = 'localhost') {
  return agent
    .post(`/admin/api/resources/orders/bulk/${action}?recordIds=${ids.join(',')}`)
    .set('Host', host)
    .set('Origin', `http://${host}`)
    .type('form')
    .send(data);
}

export const listOrders = (agent: Agent, query = '', host = 'localhost') =>
  agent.get(`/admin/api/resources/orders/actions/list?perPage=500${query}`).set('Host', host);

export const statusOf = async (id: number) => (await Order.findByPk(id))!.status;
export const orderOf = async (id: number) => (await Order.findByPk(id))!;

export type { Actor };
