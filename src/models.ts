import type { Sequelize } from 'sequelize';
import { initAuditModels } from './audit/index.js';
import { initDiscountModels } from './discounts/index.js';
import { initIdentityModels } from './identity/index.js';
import { initLedgerModels } from './ledger/index.js';
import { initDeadlineChangeModels } from './orders/deadlines/index.js';
import { initOrderFileModels } from './orders/files/index.js';
import { initMessageModels } from './orders/messages/index.js';
import { initWriterSubjectModels } from './orders/qualifications/index.js';
import { initOrderModels } from './orders/index.js';
import { initOrderRequestModels } from './orders/requests/index.js';
import { initRevisionModels } from './orders/revisions/index.js';
import { initStripeEventModels } from './payments/stripe-events/index.js';
import { initPaymentModels } from './payments/index.js';
import { initRefundModels } from './payments/refunds/index.js';
import { initInstallmentModels } from './payments/installments/index.js';
import { initPricingModels } from './pricing/index.js';
import { initReviewModels } from './reviews/index.js';
import { initTenancyModels } from './tenancy/index.js';
import { initWriterModels } from './writers/index.js';
import { initFineModels } from './writers/fines/index.js';
import { initPayoutModels } from './writers/payouts/index.js';
import { initWriterLevelModels } from './writers/index.js';
import { initTipModels } from './writers/index.js';
import { initNotificationModels } from './notifications/index.js';
import { initSupportModels } from './support/index.js';
import { initCampaignModels } from './notifications/campaigns/index.js';
import { initEditorModels } from './editors/index.js';

/** Registers every area's models on one Sequelize instance. New areas add their init here. */
export function initModels(sequelize: Sequelize): void {
  initTenancyModels(sequelize);
  initIdentityModels(sequelize);
  initAuditModels(sequelize);
  initPricingModels(sequelize);
  initDiscountModels(sequelize); // before orders: orders links a discount usage to its order
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
  initWriterModels(sequelize);
  initFineModels(sequelize);
  initOrderRequestModels(sequelize);
  initPayoutModels(sequelize);
  initWriterLevelModels(sequelize);
  initTipModels(sequelize);
  initNotificationModels(sequelize);
  initSupportModels(sequelize);
  initCampaignModels(sequelize);
  initReviewModels(sequelize);
  initEditorModels(sequelize);
}
