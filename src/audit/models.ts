import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export interface AuditChanges {
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  reason?: string;
}

export class AuditLog extends Model<InferAttributes<AuditLog>, InferCreationAttributes<AuditLog>> {
  declare id: CreationOptional<number>;
  declare websiteId: number | null;
  declare actorUserId: number | null;
  declare actorRole: string;
  declare impersonatorId: number | null;
  declare action: string;
  declare targetType: string;
  declare targetId: string | null;
  declare changes: AuditChanges | null;
  declare ip: string | null;
  declare requestId: string | null;
  declare createdAt: CreationOptional<Date>;
}

export function initAuditModels(sequelize: Sequelize): void {
  AuditLog.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: { type: DataTypes.BIGINT, allowNull: true },
      actorUserId: { type: DataTypes.BIGINT, allowNull: true },
      actorRole: { type: DataTypes.STRING(16), allowNull: false },
      impersonatorId: { type: DataTypes.BIGINT, allowNull: true },
      action: { type: DataTypes.STRING(80), allowNull: false },
      targetType: { type: DataTypes.STRING(40), allowNull: false },
      targetId: { type: DataTypes.STRING(40), allowNull: true },
      changes: { type: DataTypes.JSONB, allowNull: true },
      ip: { type: DataTypes.STRING(64), allowNull: true },
      requestId: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'audit_logs', modelName: 'AuditLog', updatedAt: false },
  );
}
