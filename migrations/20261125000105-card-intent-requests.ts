import type { Migration } from '../src/platform/migrator.js';

/**
 * Which card payment a client's `POST /payments/card-intents` with an Idempotency-Key started, and
 * the Stripe idempotency key used to create its PaymentIntent. When Stripe did not answer (a
 * timeout), the client's retry with the same key finds the same payment and asks Stripe again with
 * the same Stripe key: Stripe answers with the intent it may already have made, never a second one.
 */
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE card_intent_requests (
      payment_id BIGINT PRIMARY KEY REFERENCES payments(id) ON DELETE CASCADE,
      website_id BIGINT NOT NULL REFERENCES websites(id) ON DELETE RESTRICT,
      -- The request's Idempotency-Key as the middleware scopes it to its user ("<userId>:<key>").
      request_key VARCHAR(300) NOT NULL,
      stripe_idempotency_key VARCHAR(255) NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      UNIQUE (website_id, request_key)
    );
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP TABLE IF EXISTS card_intent_requests');
};
