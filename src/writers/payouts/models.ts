import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { bigint, date } from '../../platform/columns.js';
import { User } from '../../identity/index.js';
import { Website } from '../../tenancy/index.js';
import {
  PAYOUT_METHODS,
  PAYOUT_REQUEST_KINDS,
  PAYOUT_REQUEST_STATUSES,
  PAYOUT_SCHEDULES,
  PAYOUT_STATUSES,
  PAYOUT_TRIGGERS,
  type PayoutMethod,
  type PayoutRequestKind,
  type PayoutRequestStatus,
  type PayoutSchedule,
  type PayoutStatus,
  type PayoutTrigger,
} from './rules.js';

/** One payout batch of one writer (table payouts); its lines are ledger entries (payout_lines). */
export class Payout extends Model<InferAttributes<Payout>, InferCreationAttributes<Payout>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare writerId: number;
  declare currency: string;
  declare status: PayoutStatus;
  declare trigger: PayoutTrigger;
  declare schedule: PayoutSchedule | null;
  declare periodStart: Date;
  declare periodEnd: Date;
  declare totalCents: number;
  declare lineCount: number;
  declare requestId: number | null;
  declare paidAt: Date | null;
  declare paidBy: number | null;
  declare paymentReference: string | null;
  declare paymentMethod: PayoutMethod | null;
  declare paidTransactionId: number | null;
  declare reversedAt: Date | null;
  declare reversedBy: number | null;
  declare reversalReason: string | null;
  declare reversalTransactionId: number | null;
  declare cancelledAt: CreationOptional<Date | null>;
  declare cancelledBy: CreationOptional<number | null>;
  declare cancellationReason: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** One ledger entry on the writer's payable, paid out in one batch. */
export class PayoutLine extends Model<InferAttributes<PayoutLine>, InferCreationAttributes<PayoutLine>> {
  declare id: CreationOptional<number>;
  declare payoutId: number;
  declare ledgerEntryId: number;
  declare transactionId: number;
  declare kind: string;
  declare referenceType: string | null;
  declare referenceId: string | null;
  declare memo: string | null;
  declare amountCents: number;
  declare postedAt: Date;
}

/** A writer's request for an early payout or an advance, decided by staff. */
export class PayoutRequest extends Model<InferAttributes<PayoutRequest>, InferCreationAttributes<PayoutRequest>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare writerId: number;
  declare kind: PayoutRequestKind;
  declare status: PayoutRequestStatus;
  declare amountCents: number;
  declare currency: string;
  declare note: string | null;
  declare decidedBy: CreationOptional<number | null>;
  declare decidedAt: CreationOptional<Date | null>;
  declare refusalReason: CreationOptional<string | null>;
  declare payoutId: CreationOptional<number | null>;
  declare advanceTransactionId: CreationOptional<number | null>;
  declare repaymentTransactionId: CreationOptional<number | null>;
  declare repaidAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A writer's own payout schedule (null: the website's default). */
export class WriterPayoutSetting extends Model<InferAttributes<WriterPayoutSetting>, InferCreationAttributes<WriterPayoutSetting>> {
  declare id: CreationOptional<number>;
  declare writerId: number;
  declare websiteId: number;
  declare schedule: PayoutSchedule | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const text = (length: number) => ({ type: DataTypes.STRING(length), allowNull: true });

export function initPayoutModels(sequelize: Sequelize): void {
  Payout.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      writerId: bigint(false),
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      // ENUMs here (VARCHAR + CHECK in the database) so the back office offers the values as filters.
      status: { type: DataTypes.ENUM(...PAYOUT_STATUSES), allowNull: false },
      trigger: { type: DataTypes.ENUM(...PAYOUT_TRIGGERS), allowNull: false },
      schedule: { type: DataTypes.ENUM(...PAYOUT_SCHEDULES), allowNull: true },
      periodStart: date(false),
      periodEnd: date(false),
      totalCents: bigint(false),
      lineCount: { type: DataTypes.INTEGER, allowNull: false },
      requestId: bigint(true),
      paidAt: date(true),
      paidBy: bigint(true),
      paymentReference: text(200),
      paymentMethod: { type: DataTypes.ENUM(...PAYOUT_METHODS), allowNull: true },
      paidTransactionId: bigint(true),
      reversedAt: date(true),
      reversedBy: bigint(true),
      reversalReason: text(1000),
      reversalTransactionId: bigint(true),
      cancelledAt: date(true),
      cancelledBy: bigint(true),
      cancellationReason: text(1000),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'payouts', modelName: 'Payout' },
  );
  PayoutLine.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      payoutId: bigint(false),
      ledgerEntryId: bigint(false),
      transactionId: bigint(false),
      kind: { type: DataTypes.STRING(32), allowNull: false },
      referenceType: text(40),
      referenceId: text(120),
      memo: text(500),
      amountCents: bigint(false),
      postedAt: date(false),
    },
    { sequelize, tableName: 'payout_lines', modelName: 'PayoutLine', timestamps: false },
  );
  PayoutRequest.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      writerId: bigint(false),
      kind: { type: DataTypes.ENUM(...PAYOUT_REQUEST_KINDS), allowNull: false },
      status: { type: DataTypes.ENUM(...PAYOUT_REQUEST_STATUSES), allowNull: false },
      amountCents: bigint(false),
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      note: text(500),
      decidedBy: bigint(true),
      decidedAt: date(true),
      refusalReason: text(1000),
      payoutId: bigint(true),
      advanceTransactionId: bigint(true),
      repaymentTransactionId: bigint(true),
      repaidAt: date(true),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'payout_requests', modelName: 'PayoutRequest' },
  );
  WriterPayoutSetting.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      writerId: bigint(false),
      websiteId: bigint(false),
      schedule: { type: DataTypes.ENUM(...PAYOUT_SCHEDULES), allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'writer_payout_settings', modelName: 'WriterPayoutSetting' },
  );
  // References for the back office (website, writer, people and postings shown as links).
  Payout.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });
  Payout.belongsTo(User, { foreignKey: 'writerId', as: 'writer' });
  Payout.hasMany(PayoutLine, { foreignKey: 'payoutId', as: 'lines' });
  PayoutRequest.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });
  PayoutRequest.belongsTo(User, { foreignKey: 'writerId', as: 'writer' });
}
