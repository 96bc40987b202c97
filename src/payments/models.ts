import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import {
  PAYMENT_METHODS,
  PAYMENT_PURPOSES,
  PAYMENT_STATUSES,
  REMINDER_KINDS,
  type PaymentMethod,
  type PaymentPurpose,
  type PaymentStatus,
  type ReminderKind,
} from './rules.js';
import { User } from '../identity/index.js';
import { Order } from '../orders/index.js';
import { Website } from '../tenancy/index.js';

/**
 * One payment: money a client pays (an order, part of one, a deadline change, a paid revision, a
 * wallet top-up) by wallet, card or offline. The money itself moves in the ledger
 * (ledgerTransactionId); this row is the business record: its status, receipt, who recorded and
 * approved it, what was refunded.
 * Refunds (src/payments/refunds) read it and raise refundedCents.
 */
export class Payment extends Model<InferAttributes<Payment>, InferCreationAttributes<Payment>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare clientId: number;
  /** Null for a wallet top-up. */
  declare orderId: number | null;
  declare purpose: PaymentPurpose;
  declare deadlineChangeId: CreationOptional<number | null>;
  declare revisionId: CreationOptional<number | null>;
  declare installmentId: CreationOptional<number | null>;
  /** A card payment whose money its target could no longer take (order cancelled, installment paid meanwhile…): it went to the client's wallet. */
  declare creditedToWallet: CreationOptional<boolean>;
  declare method: PaymentMethod;
  declare status: PaymentStatus;
  declare amountCents: number;
  declare currency: string;
  declare refundedCents: CreationOptional<number>;
  declare stripePaymentIntentId: CreationOptional<string | null>;
  declare ledgerTransactionId: CreationOptional<number | null>;
  /** Free text: the bank transfer reference of a manual payment, the Stripe charge of a card one. */
  declare reference: CreationOptional<string | null>;
  /** Given when the payment succeeds (R-000123), unique per website. */
  declare receiptNumber: CreationOptional<string | null>;
  declare createdBy: CreationOptional<number | null>;
  declare approvedBy: CreationOptional<number | null>;
  declare failureReason: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare succeededAt: CreationOptional<Date | null>;
}

/** The payment reminders sent for an order: one row per (order, kind), so each goes out once. */
export class PaymentReminder extends Model<InferAttributes<PaymentReminder>, InferCreationAttributes<PaymentReminder>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare orderId: number;
  declare kind: ReminderKind;
  declare sentAt: CreationOptional<Date>;
}

const bigint = (allowNull: boolean) => ({ type: DataTypes.BIGINT, allowNull });

export function initPaymentModels(sequelize: Sequelize): void {
  Payment.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      clientId: bigint(false),
      orderId: bigint(true),
      // ENUMs here (VARCHAR + CHECK in the database) so the back office offers them as filter choices.
      purpose: { type: DataTypes.ENUM(...PAYMENT_PURPOSES), allowNull: false },
      deadlineChangeId: bigint(true),
      revisionId: bigint(true),
      installmentId: bigint(true),
      creditedToWallet: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      method: { type: DataTypes.ENUM(...PAYMENT_METHODS), allowNull: false },
      status: { type: DataTypes.ENUM(...PAYMENT_STATUSES), allowNull: false },
      amountCents: bigint(false),
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      refundedCents: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      stripePaymentIntentId: { type: DataTypes.STRING(255), allowNull: true },
      ledgerTransactionId: bigint(true),
      reference: { type: DataTypes.STRING(200), allowNull: true },
      receiptNumber: { type: DataTypes.STRING(20), allowNull: true },
      createdBy: bigint(true),
      approvedBy: bigint(true),
      failureReason: { type: DataTypes.STRING(500), allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
      succeededAt: { type: DataTypes.DATE, allowNull: true },
    },
    { sequelize, tableName: 'payments', modelName: 'Payment' },
  );
  PaymentReminder.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      orderId: bigint(false),
      kind: { type: DataTypes.ENUM(...REMINDER_KINDS), allowNull: false },
      sentAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    },
    { sequelize, tableName: 'payment_reminders', modelName: 'PaymentReminder', timestamps: false },
  );
  // Associations make the back office show the client, order and staff as references.
  Payment.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });
  Payment.belongsTo(User, { foreignKey: 'clientId', as: 'client' });
  Payment.belongsTo(Order, { foreignKey: 'orderId', as: 'order' });
  Payment.belongsTo(User, { foreignKey: 'createdBy', as: 'creator' });
  Payment.belongsTo(User, { foreignKey: 'approvedBy', as: 'approver' });
  PaymentReminder.belongsTo(Order, { foreignKey: 'orderId', as: 'order' });
}
