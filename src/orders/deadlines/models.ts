import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export const DEADLINE_CHANGE_STATUSES = ['awaiting_payment', 'applied', 'superseded', 'cancelled'] as const;
export type DeadlineChangeStatus = (typeof DEADLINE_CHANGE_STATUSES)[number];

/** A request to move a placed order's deadline, with what it costs. */
export class OrderDeadlineChange extends Model<InferAttributes<OrderDeadlineChange>, InferCreationAttributes<OrderDeadlineChange>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare orderId: number;
  declare requestedBy: number | null;
  declare requesterRole: string;
  declare kind: 'shorten' | 'extend';
  declare oldDeadline: Date;
  declare newDeadline: Date;
  declare oldWriterDeadline: Date | null;
  declare newWriterDeadline: Date;
  declare paidBandMaxHours: number;
  declare chargeCents: number;
  declare status: DeadlineChangeStatus;
  declare paymentReference: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare settledAt: CreationOptional<Date | null>;
}

export function initDeadlineChangeModels(sequelize: Sequelize): void {
  OrderDeadlineChange.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: { type: DataTypes.BIGINT, allowNull: false },
      orderId: { type: DataTypes.BIGINT, allowNull: false },
      requestedBy: { type: DataTypes.BIGINT, allowNull: true },
      requesterRole: { type: DataTypes.STRING(16), allowNull: false },
      kind: { type: DataTypes.STRING(8), allowNull: false },
      oldDeadline: { type: DataTypes.DATE, allowNull: false },
      newDeadline: { type: DataTypes.DATE, allowNull: false },
      oldWriterDeadline: { type: DataTypes.DATE, allowNull: true },
      newWriterDeadline: { type: DataTypes.DATE, allowNull: false },
      paidBandMaxHours: { type: DataTypes.INTEGER, allowNull: false },
      chargeCents: { type: DataTypes.BIGINT, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      paymentReference: { type: DataTypes.STRING(120), allowNull: true },
      createdAt: DataTypes.DATE,
      settledAt: { type: DataTypes.DATE, allowNull: true },
    },
    { sequelize, tableName: 'order_deadline_changes', modelName: 'OrderDeadlineChange', updatedAt: false },
  );
}
