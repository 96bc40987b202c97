import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { bigint } from '../../platform/columns.js';

export const TIP_STATUSES = ['posted', 'pending_review', 'refused'] as const;
export type TipStatus = (typeof TIP_STATUSES)[number];

/** A client's tip to their order's writer (tips). */
export class Tip extends Model<InferAttributes<Tip>, InferCreationAttributes<Tip>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare orderId: number;
  declare clientId: number;
  declare writerId: number;
  declare status: TipStatus;
  declare amountCents: number;
  declare writerCents: number;
  declare platformCents: number;
  declare currency: string;
  declare requestKey: string;
  declare ledgerTransactionId: number | null;
  /** The admin who approved or refused a tip held for review, when, and (a refusal's) why. */
  declare reviewedBy: CreationOptional<number | null>;
  declare reviewedAt: CreationOptional<Date | null>;
  declare reviewReason: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initTipModels(sequelize: Sequelize): void {
  Tip.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      orderId: bigint(false),
      clientId: bigint(false),
      writerId: bigint(false),
      status: { type: DataTypes.ENUM(...TIP_STATUSES), allowNull: false },
      amountCents: bigint(false),
      writerCents: bigint(false),
      platformCents: bigint(false),
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      requestKey: { type: DataTypes.STRING(300), allowNull: false },
      ledgerTransactionId: bigint(true),
      reviewedBy: bigint(true),
      reviewedAt: { type: DataTypes.DATE, allowNull: true },
      reviewReason: { type: DataTypes.STRING(1000), allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'tips', modelName: 'Tip' },
  );
}
