import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { Order } from '../models.js';
import { FILE_CATEGORIES, type FileCategory } from './rules.js';

/** One file attached to an order; its bytes live in object storage under `storageKey`. */
export class OrderFile extends Model<InferAttributes<OrderFile>, InferCreationAttributes<OrderFile>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare orderId: number;
  declare uploadedBy: number | null;
  declare uploaderRole: string;
  declare category: FileCategory;
  /** The client's file name, sanitised (no folders, no control characters). */
  declare originalName: string;
  /** Key of FILE_TYPES the content was confirmed as (pdf, docx…). */
  declare fileType: string;
  /** From the sniffed type, never from the client's Content-Type. */
  declare contentType: string;
  declare sizeBytes: number;
  declare sha256: string;
  declare storageKey: string;
  declare createdAt: CreationOptional<Date>;
  declare deletedAt: CreationOptional<Date | null>;
  declare deletedBy: CreationOptional<number | null>;
  /** When the retention purge removed the deleted file's object from storage (the row stays). */
  declare purgedAt: CreationOptional<Date | null>;
  /** A purging worker's claim on the row; a future restore must refuse a claimed or purged row. */
  declare purgeLeaseUntil: CreationOptional<Date | null>;
}

export function initOrderFileModels(sequelize: Sequelize): void {
  OrderFile.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: { type: DataTypes.BIGINT, allowNull: false },
      orderId: { type: DataTypes.BIGINT, allowNull: false },
      uploadedBy: { type: DataTypes.BIGINT, allowNull: true },
      uploaderRole: { type: DataTypes.STRING(16), allowNull: false },
      category: { type: DataTypes.ENUM(...FILE_CATEGORIES), allowNull: false },
      originalName: { type: DataTypes.STRING(255), allowNull: false },
      fileType: { type: DataTypes.STRING(10), allowNull: false },
      contentType: { type: DataTypes.STRING(120), allowNull: false },
      sizeBytes: { type: DataTypes.BIGINT, allowNull: false },
      sha256: { type: DataTypes.CHAR(64), allowNull: false },
      storageKey: { type: DataTypes.STRING(300), allowNull: false },
      createdAt: DataTypes.DATE,
      deletedAt: { type: DataTypes.DATE, allowNull: true },
      deletedBy: { type: DataTypes.BIGINT, allowNull: true },
      purgedAt: { type: DataTypes.DATE, allowNull: true },
      purgeLeaseUntil: { type: DataTypes.DATE, allowNull: true },
    },
    // Soft delete is explicit (deletedAt/deletedBy set by the service), not Sequelize's paranoid mode.
    { sequelize, tableName: 'order_files', modelName: 'OrderFile', updatedAt: false },
  );
  OrderFile.belongsTo(Order, { foreignKey: 'orderId', as: 'order' });
  Order.hasMany(OrderFile, { foreignKey: 'orderId', as: 'files' });
}
