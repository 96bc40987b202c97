import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { User } from '../../identity/index.js';
import { Order } from '../../orders/index.js';
import { Website } from '../../tenancy/index.js';
import { Payment } from '../models.js';
import { INSTALLMENT_STATUSES, PLAN_STATUSES, type InstallmentStatus, type PlanStatus } from './rules.js';

/**
 * An installment plan (table installment_plans): the schedule on which a client pays an order that
 * awaits payment. Its installments add up to totalCents, what the order owed when staff made it.
 */
export class InstallmentPlan extends Model<InferAttributes<InstallmentPlan>, InferCreationAttributes<InstallmentPlan>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare orderId: number;
  declare clientId: number;
  declare status: PlanStatus;
  declare totalCents: number;
  declare currency: string;
  declare installmentsCount: number;
  declare createdBy: CreationOptional<number | null>;
  declare canceledBy: CreationOptional<number | null>;
  declare cancelReason: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare completedAt: CreationOptional<Date | null>;
  declare canceledAt: CreationOptional<Date | null>;
}

/** One installment: an amount due at a time, paid by exactly one payment (paymentId) of purpose 'installment'. */
export class Installment extends Model<InferAttributes<Installment>, InferCreationAttributes<Installment>> {
  declare id: CreationOptional<number>;
  declare planId: number;
  declare websiteId: number;
  declare orderId: number;
  declare sequence: number;
  declare amountCents: number;
  declare dueAt: Date;
  declare status: InstallmentStatus;
  declare paymentId: CreationOptional<number | null>;
  declare paidAt: CreationOptional<Date | null>;
  declare overdueAt: CreationOptional<Date | null>;
  declare overdueNotifiedAt: CreationOptional<Date | null>;
  declare canceledAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const bigint = (allowNull: boolean) => ({ type: DataTypes.BIGINT, allowNull });
const date = (allowNull: boolean) => ({ type: DataTypes.DATE, allowNull });

export function initInstallmentModels(sequelize: Sequelize): void {
  InstallmentPlan.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      orderId: bigint(false),
      clientId: bigint(false),
      // ENUM here (VARCHAR + CHECK in the database) so the back office offers the values as filters.
      status: { type: DataTypes.ENUM(...PLAN_STATUSES), allowNull: false },
      totalCents: bigint(false),
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      installmentsCount: { type: DataTypes.SMALLINT, allowNull: false },
      createdBy: bigint(true),
      canceledBy: bigint(true),
      cancelReason: { type: DataTypes.STRING(500), allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
      completedAt: date(true),
      canceledAt: date(true),
    },
    { sequelize, tableName: 'installment_plans', modelName: 'InstallmentPlan' },
  );
  Installment.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      planId: bigint(false),
      websiteId: bigint(false),
      orderId: bigint(false),
      sequence: { type: DataTypes.SMALLINT, allowNull: false },
      amountCents: bigint(false),
      dueAt: date(false),
      status: { type: DataTypes.ENUM(...INSTALLMENT_STATUSES), allowNull: false },
      paymentId: bigint(true),
      paidAt: date(true),
      overdueAt: date(true),
      overdueNotifiedAt: date(true),
      canceledAt: date(true),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'installments', modelName: 'Installment' },
  );
  // References for the back office (order, client, staff, payment shown as links).
  InstallmentPlan.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });
  InstallmentPlan.belongsTo(Order, { foreignKey: 'orderId', as: 'order' });
  InstallmentPlan.belongsTo(User, { foreignKey: 'clientId', as: 'client' });
  InstallmentPlan.belongsTo(User, { foreignKey: 'createdBy', as: 'creator' });
  InstallmentPlan.belongsTo(User, { foreignKey: 'canceledBy', as: 'canceler' });
  InstallmentPlan.hasMany(Installment, { foreignKey: 'planId', as: 'installments' });
  Installment.belongsTo(InstallmentPlan, { foreignKey: 'planId', as: 'plan' });
  Installment.belongsTo(Order, { foreignKey: 'orderId', as: 'order' });
  Installment.belongsTo(Payment, { foreignKey: 'paymentId', as: 'payment' });
}
