import { DataTypes, Model, type InferAttributes, type Sequelize } from 'sequelize';
import { ORDER_STATUSES, type OrderStatus } from '../rules.js';
import { WRITER_REQUEST_STATUSES, type WriterRequestStatus } from '../models.js';

/**
 * One writer's request for an order, as the requests queue shows it: a row of the `order_requests`
 * view (migration 20261207000400), read-only. The request itself is a WriterRequest of kind
 * 'request'; the view adds the order's website and status and the writer's standing today.
 */
export class OrderRequest extends Model<InferAttributes<OrderRequest>> {
  declare id: number;
  declare websiteId: number;
  declare orderId: number;
  declare writerId: number;
  declare status: WriterRequestStatus;
  declare note: string | null;
  declare decidedBy: number | null;
  declare decidedAt: Date | null;
  declare decisionReason: string | null;
  declare orderStatus: OrderStatus;
  /** Orders the writer has completed (approved), on any website. */
  declare writerCompletedOrders: number;
  /** The writer's load: orders they hold now (the statuses capacity counts). */
  declare writerActiveOrders: number;
  /** The writer's level (their profile's, else the website's lowest), by name. */
  declare writerLevel: string | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export function initOrderRequestModels(sequelize: Sequelize): void {
  OrderRequest.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true },
      websiteId: { type: DataTypes.BIGINT, allowNull: false },
      orderId: { type: DataTypes.BIGINT, allowNull: false },
      writerId: { type: DataTypes.BIGINT, allowNull: false },
      status: { type: DataTypes.ENUM(...WRITER_REQUEST_STATUSES), allowNull: false },
      note: { type: DataTypes.STRING(1000), allowNull: true },
      decidedBy: { type: DataTypes.BIGINT, allowNull: true },
      decidedAt: { type: DataTypes.DATE, allowNull: true },
      decisionReason: { type: DataTypes.STRING(1000), allowNull: true },
      orderStatus: { type: DataTypes.ENUM(...ORDER_STATUSES), allowNull: false },
      writerCompletedOrders: { type: DataTypes.INTEGER, allowNull: false },
      writerActiveOrders: { type: DataTypes.INTEGER, allowNull: false },
      writerLevel: { type: DataTypes.STRING(40), allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'order_requests', modelName: 'OrderRequest' },
  );
}
