import request from 'supertest';
import type { Express } from 'express';
import { clock } from '../../src/platform/clock.js';
import { HOST_A } from '../identity/helpers.js';

/** HTTP helpers of the installment plan tests (/api/v1/orders/:id/installment-plan…). */

const base = (orderId: number) => `/api/v1/orders/${orderId}/installment-plan`;

export function getPlan(app: Express, token: string, orderId: number, host = HOST_A) {
  return request(app).get(base(orderId)).set('Host', host).set('Authorization', `Bearer ${token}`);
}

export function createPlan(app: Express, token: string, orderId: number, body: Record<string, unknown>, host = HOST_A) {
  return request(app).post(base(orderId)).set('Host', host).set('Authorization', `Bearer ${token}`).send(body);
}

export function cancelPlan(app: Express, token: string, orderId: number, body: Record<string, unknown>) {
  return request(app)
    .post(`${base(orderId)}/cancel`)
    .set('Host', HOST_A)
    .set('Authorization', `Bearer ${token}`)
    .send(body);
}

export function payInstallment(app: Express, token: string, orderId: number, body: Record<string, unknown> = {}, key?: string) {
  const req = request(app)
    .post(`${base(orderId)}/pay`)
    .set('Host', HOST_A)
    .set('Authorization', `Bearer ${token}`);
  if (key) req.set('Idempotency-Key', key);
  return req.send(body);
}

export const DAY = 86_400_000;
export const inDays = (days: number) => new Date(clock.now().getTime() + days * DAY).toISOString();
