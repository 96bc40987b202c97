import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/**
 * awaiting_payment: a paid revision waiting for its charge (the writer knows nothing yet);
 * started: the order went back to the writer (at once when free, once paid otherwise);
 * withdrawn: the client (or an admin) took back an unpaid one;
 * lapsed: the order moved on (approved, disputed) before it was paid.
 */
export const REVISION_STATUSES = ['awaiting_payment', 'started', 'withdrawn', 'lapsed'] as const;
export type RevisionStatus = (typeof REVISION_STATUSES)[number];

/** A client's request for changes to delivered work, with what it costs. */
export class OrderRevision extends Model<InferAttributes<OrderRevision>, InferCreationAttributes<OrderRevision>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare orderId: number;
  declare requestedBy: number | null;
  declare requesterRole: string;
  declare instructions: string;
  declare instructionsChanged: boolean;
  declare deadline: Date;
  declare reason: string;
  declare shareBp: number;
  declare chargeCents: number;
  declare status: RevisionStatus;
  declare paymentReference: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare settledAt: CreationOptional<Date | null>;
}

export function initRevisionModels(sequelize: Sequelize): void {
  OrderRevision.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: { type: DataTypes.BIGINT, allowNull: false },
      orderId: { type: DataTypes.BIGINT, allowNull: false },
      requestedBy: { type: DataTypes.BIGINT, allowNull: true },
      requesterRole: { type: DataTypes.STRING(16), allowNull: false },
      instructions: { type: DataTypes.TEXT, allowNull: false },
      instructionsChanged: { type: DataTypes.BOOLEAN, allowNull: false },
      deadline: { type: DataTypes.DATE, allowNull: false },
      reason: { type: DataTypes.STRING(200), allowNull: false },
      shareBp: { type: DataTypes.INTEGER, allowNull: false },
      chargeCents: { type: DataTypes.BIGINT, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      paymentReference: { type: DataTypes.STRING(120), allowNull: true },
      createdAt: DataTypes.DATE,
      settledAt: { type: DataTypes.DATE, allowNull: true },
    },
    { sequelize, tableName: 'order_revisions', modelName: 'OrderRevision', updatedAt: false },
  );
}
