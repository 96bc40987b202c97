import type { Sequelize } from 'sequelize';
import { initAuditModels } from './audit/models.js';
import { initDiscountModels } from './discounts/models.js';
import { initIdentityModels } from './identity/models.js';
import { initLedgerModels } from './ledger/models.js';
import { initDeadlineChangeModels } from './orders/deadlines/models.js';
import { initOrderFileModels } from './orders/files/models.js';
import { initMessageModels } from './orders/messages/models.js';
import { initWriterSubjectModels } from './orders/qualifications/models.js';
import { initOrderModels } from './orders/models.js';
import { initRevisionModels } from './orders/revisions/models.js';
import { initStripeEventModels } from './payments/stripe-events/models.js';
import { initPaymentModels } from './payments/models.js';
import { initRefundModels } from './payments/refunds/models.js';
import { initInstallmentModels } from './payments/installments/models.js';
import { initPricingModels } from './pricing/models.js';
import { initTenancyModels } from './tenancy/models.js';
import { initWriterModels } from './writers/models.js';

/** Registers every area's models on one Sequelize instance. New areas add their init here. */
export function initModels(sequelize: Sequelize): void {
  initTenancyModels(sequelize);
  initIdentityModels(sequelize);
  initAuditModels(sequelize);
  initPricingModels(sequelize);
  initOrderModels(sequelize);
  initMessageModels(sequelize);
  initOrderFileModels(sequelize);
  initDeadlineChangeModels(sequelize);
  initRevisionModels(sequelize);
  initWriterSubjectModels(sequelize);
  initLedgerModels(sequelize);
  initPaymentModels(sequelize);
  initRefundModels(sequelize);
  initInstallmentModels(sequelize);
  initStripeEventModels(sequelize);
  initDiscountModels(sequelize);
  initWriterModels(sequelize);
}
