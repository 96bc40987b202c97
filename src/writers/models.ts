import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { bigint, date } from '../platform/columns.js';
import { User } from '../identity/index.js';
import { Order } from '../orders/index.js';
import { Website } from '../tenancy/index.js';
import { EARNING_STATUSES, type EarningBreakdown, type EarningStatus } from './rules.js';

/**
 * What a writer earned on one completed order (table writer_earnings): held while pending, moved
 * to the writer's payable in the ledger when it matures (src/writers/service/earnings.ts).
 */
export class WriterEarning extends Model<InferAttributes<WriterEarning>, InferCreationAttributes<WriterEarning>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare orderId: number;
  declare writerId: number;
  declare status: EarningStatus;
  declare amountCents: number;
  declare currency: string;
  declare breakdown: EarningBreakdown;
  declare approvedAt: Date;
  declare maturesAt: Date;
  declare maturedAt: CreationOptional<Date | null>;
  declare completionTransactionId: CreationOptional<number | null>;
  declare maturityTransactionId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initWriterModels(sequelize: Sequelize): void {
  WriterEarning.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      orderId: bigint(false),
      writerId: bigint(false),
      // ENUM here (VARCHAR + CHECK in the database) so the back office offers the values as filters.
      status: { type: DataTypes.ENUM(...EARNING_STATUSES), allowNull: false },
      amountCents: bigint(false),
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      breakdown: { type: DataTypes.JSONB, allowNull: false },
      approvedAt: date(false),
      maturesAt: date(false),
      maturedAt: date(true),
      completionTransactionId: bigint(true),
      maturityTransactionId: bigint(true),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'writer_earnings', modelName: 'WriterEarning' },
  );
  // References for the back office (website, order and writer shown as links).
  WriterEarning.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });
  WriterEarning.belongsTo(Order, { foreignKey: 'orderId', as: 'order' });
  WriterEarning.belongsTo(User, { foreignKey: 'writerId', as: 'writer' });
}
