import { discountSettings, provideDraftSubtotal } from './discounts/index.js';
import { draftSubtotal, orderHooks, provideEditing, provideWriterPay, provideWriterStanding } from './orders/index.js';
import { provideInstallmentWallet } from './payments/installments/index.js';
import { paymentPostedWith, payOrderFromWallet } from './payments/index.js';
import { registerStoredObjectHolder } from './orders/files/index.js';
import { attachmentHoldsStoredObject } from './orders/messages/index.js';
import { onChargeDisputeCreated, onPaymentIntentCanceled, onPaymentIntentFailed, onPaymentIntentSucceeded } from './payments/card/index.js';
import { onChargeRefunded, prepareChargeRefunded, settleCancelledOrder } from './payments/refunds/index.js';
import { onStripeEvent } from './payments/stripe-events/index.js';
import { installPriceListOnWebsiteCreated } from './pricing/index.js';
import { reviewSettings } from './reviews/index.js';
import { registerSettingsSection, websiteHooks } from './tenancy/index.js';
import { freezeRateCard, settleCompletedOrder, writerPayProvider, writerSettings } from './writers/index.js';
import { installFineTypesOnWebsiteCreated } from './writers/fines/index.js';
import { payoutSettings } from './writers/payouts/index.js';
import { installLevelsOnWebsiteCreated, writerStandingProvider } from './writers/index.js';
import { notifyOnEvent } from './notifications/index.js';
import { deliverBroadcast } from './notifications/campaigns/index.js';
import { onOutboxEvent } from './platform/outbox.js';
import { supportSettings, ticketAttachmentHoldsStoredObject } from './support/index.js';
import { editingProvider, installEditingRequirementOnWebsiteCreated, openEditingTask } from './editors/index.js';
import { emailMessageRecorder, emailOverrides } from './notifications/email-templates/index.js';
import { provideEmailOverrides, registerEmailRecorder } from './platform/mailer.js';

/**
 * The composition root: every hook, event handler, provider and settings section by which a
 * higher area plugs into a lower one is registered here, and nowhere else (no module registers
 * anything as a side effect of being imported). boot() calls it, so the API, the worker, the
 * commands and the tests all run with the same wiring.
 *
 * It may run more than once in a process (tests boot several apps): every registration is
 * idempotent — the same function registered again, or a provider/section replaced by itself.
 * Handlers run in the order they are registered here. docs/ARCHITECTURE.md shows how an event
 * travels.
 */
const installmentWallet = { payOrder: payOrderFromWallet, paymentPostedWith };

export function wire(): void {
  // Website settings: each area's section (in this order: the settings' keys keep it).
  registerSettingsSection(writerSettings);
  registerSettingsSection(discountSettings);
  registerSettingsSection(payoutSettings);
  registerSettingsSection(supportSettings);
  registerSettingsSection(reviewSettings);

  // Tenancy -> pricing: a new website gets the default price list.
  websiteHooks.onWebsiteCreated(installPriceListOnWebsiteCreated);

  // Tenancy -> writers' fines: a new website gets RULES.md's fine types.
  websiteHooks.onWebsiteCreated(installFineTypesOnWebsiteCreated);

  // Discounts <- orders: a code checked against a draft is checked at the draft's price.
  provideDraftSubtotal(draftSubtotal);

  // Orders -> writers: an assignment freezes the rate card, a completion settles the escrow; the
  // pay shown to writers comes from the writers' rules.
  orderHooks.onWriterAssigned(freezeRateCard);
  orderHooks.onOrderCompleted(settleCompletedOrder);
  provideWriterPay(writerPayProvider);

  // Tenancy -> writers: a new website gets the default levels table. Orders <- writers: a writer's
  // level (capacity, pay terms) and probation or suspension decide what they may take.
  websiteHooks.onWebsiteCreated(installLevelsOnWebsiteCreated);
  provideWriterStanding(writerStandingProvider);

  // Tenancy -> editors: a new website gets its editing requirement (never). Orders <- editors: a
  // writer's hand-in asks whether it needs an editor, and who holds an order's editing task; a
  // hand-in to editing opens an editor task in the delivery's transaction.
  websiteHooks.onWebsiteCreated(installEditingRequirementOnWebsiteCreated);
  provideEditing(editingProvider);
  orderHooks.onSentToEditing(openEditingTask);

  // Files <- messages: a signed link to a message's attachment stays live while the attachment is.
  registerStoredObjectHolder(attachmentHoldsStoredObject);
  // Files <- support: a signed link to a ticket's attachment stays live while the attachment is.
  registerStoredObjectHolder(ticketAttachmentHoldsStoredObject);

  // Orders -> payments: an admin's cancellation executes its refund decision.
  orderHooks.onOrderCancelled(settleCancelledOrder);

  // Payments' installments are paid from the wallet by the payments' wallet payment.
  provideInstallmentWallet(installmentWallet);

  // The outbox -> notifications: an order's step or a readable message notifies the people it concerns, after commit.
  onOutboxEvent(notifyOnEvent);
  // The outbox -> staff broadcasts: a broadcast becomes its segment's in-app notifications, after commit.
  onOutboxEvent(deliverBroadcast);

  // Stripe events (processed by the API receiving webhooks and by the worker retrying them).
  onStripeEvent('payment_intent.succeeded', onPaymentIntentSucceeded);
  onStripeEvent('payment_intent.payment_failed', onPaymentIntentFailed);
  onStripeEvent('payment_intent.canceled', onPaymentIntentCanceled);
  onStripeEvent('charge.dispute.created', onChargeDisputeCreated);
  onStripeEvent('charge.refunded', onChargeRefunded, { prepare: prepareChargeRefunded });

  // Mailer <- notifications/email-templates: a website's active template overrides are used when
  // mailing for it, and every email sent is recorded (email_messages).
  provideEmailOverrides(emailOverrides);
  registerEmailRecorder(emailMessageRecorder);
}
