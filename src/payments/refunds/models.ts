import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import {
  REFUND_DESTINATIONS,
  REFUND_SOURCES,
  REFUND_STATUSES,
  type RefundDestination,
  type RefundSource,
  type RefundStatus,
} from './rules.js';

/**
 * One refund (table refunds): money going back to a client from an order, to the wallet, the card
 * or both. The row carries the status machine (rules.ts); the money moves in the ledger
 * (walletTransactionId, cardTransactionId) and at Stripe (stripeRefundId).
 */
export class Refund extends Model<InferAttributes<Refund>, InferCreationAttributes<Refund>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare orderId: number;
  declare clientId: number;
  declare paymentId: CreationOptional<number | null>;
  declare currency: string;
  declare amountCents: number;
  declare destination: RefundDestination;
  declare walletCents: number;
  declare cardCents: number;
  declare reason: string;
  declare source: RefundSource;
  declare status: CreationOptional<RefundStatus>;
  declare requestedBy: CreationOptional<number | null>;
  declare approvedBy: CreationOptional<number | null>;
  declare approvedAt: CreationOptional<Date | null>;
  declare rejectedBy: CreationOptional<number | null>;
  declare rejectedReason: CreationOptional<string | null>;
  declare rejectedAt: CreationOptional<Date | null>;
  /** Made when the refund is requested, reused by every call to Stripe for it. */
  declare stripeIdempotencyKey: CreationOptional<string | null>;
  declare stripeRefundId: CreationOptional<string | null>;
  declare walletTransactionId: CreationOptional<number | null>;
  declare cardTransactionId: CreationOptional<number | null>;
  declare attempts: CreationOptional<number>;
  declare lastError: CreationOptional<string | null>;
  declare lastAttemptAt: CreationOptional<Date | null>;
  declare processedAt: CreationOptional<Date | null>;
  declare failedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const bigintRef = (allowNull: boolean) => ({ type: DataTypes.BIGINT, allowNull });

export function initRefundModels(sequelize: Sequelize): void {
  Refund.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigintRef(false),
      orderId: bigintRef(false),
      clientId: bigintRef(false),
      paymentId: bigintRef(true),
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      amountCents: { type: DataTypes.BIGINT, allowNull: false },
      destination: { type: DataTypes.STRING(8), allowNull: false, validate: { isIn: [[...REFUND_DESTINATIONS]] } },
      walletCents: { type: DataTypes.BIGINT, allowNull: false },
      cardCents: { type: DataTypes.BIGINT, allowNull: false },
      reason: { type: DataTypes.STRING(2000), allowNull: false },
      source: { type: DataTypes.STRING(16), allowNull: false, validate: { isIn: [[...REFUND_SOURCES]] } },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending', validate: { isIn: [[...REFUND_STATUSES]] } },
      requestedBy: bigintRef(true),
      approvedBy: bigintRef(true),
      approvedAt: { type: DataTypes.DATE, allowNull: true },
      rejectedBy: bigintRef(true),
      rejectedReason: { type: DataTypes.STRING(2000), allowNull: true },
      rejectedAt: { type: DataTypes.DATE, allowNull: true },
      stripeIdempotencyKey: { type: DataTypes.STRING(255), allowNull: true },
      stripeRefundId: { type: DataTypes.STRING(255), allowNull: true },
      walletTransactionId: bigintRef(true),
      cardTransactionId: bigintRef(true),
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastError: { type: DataTypes.TEXT, allowNull: true },
      lastAttemptAt: { type: DataTypes.DATE, allowNull: true },
      processedAt: { type: DataTypes.DATE, allowNull: true },
      failedAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'refunds', modelName: 'Refund' },
  );
}
