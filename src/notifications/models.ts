import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { bigint } from '../platform/columns.js';
import type { ChannelOverrides, Digest } from './preference-rules.js';

/** One in-app notification of one user (migration 20261208000500). */
export class Notification extends Model<InferAttributes<Notification>, InferCreationAttributes<Notification>> {
  declare id: CreationOptional<number>;
  declare websiteId: number | null;
  declare userId: number;
  declare eventId: number | null;
  declare kind: string;
  declare title: string;
  declare body: CreationOptional<string>;
  declare link: string | null;
  declare data: CreationOptional<Record<string, unknown>>;
  declare readAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

/**
 * A single-use, short-lived ticket to open the live stream without an Authorization header (a
 * browser's EventSource cannot send one); only its SHA-256 hash is kept (migration 20261208000700).
 */
export class StreamTicket extends Model<InferAttributes<StreamTicket>, InferCreationAttributes<StreamTicket>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare userId: number;
  declare sessionId: number | null;
  declare role: string;
  declare tokenHash: string;
  declare expiresAt: Date;
  declare usedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

export function initNotificationModels(sequelize: Sequelize): void {
  initNotificationPreferenceModel(sequelize);
  Notification.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(true),
      userId: bigint(false),
      eventId: bigint(true),
      kind: { type: DataTypes.STRING(60), allowNull: false },
      title: { type: DataTypes.STRING(200), allowNull: false },
      body: { type: DataTypes.STRING(2000), allowNull: false, defaultValue: '' },
      link: { type: DataTypes.STRING(300), allowNull: true },
      data: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      readAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'notifications', modelName: 'Notification', updatedAt: false },
  );
  StreamTicket.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      userId: bigint(false),
      sessionId: bigint(true),
      role: { type: DataTypes.STRING(30), allowNull: false },
      tokenHash: { type: DataTypes.CHAR(64), allowNull: false },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      usedAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    // The hash never leaves the service (nothing lists tickets, but a default scope keeps it so).
    {
      sequelize,
      tableName: 'notification_stream_tickets',
      modelName: 'StreamTicket',
      updatedAt: false,
      defaultScope: { attributes: { exclude: ['tokenHash'] } },
    },
  );
}

/** A user's notification preferences: only what differs from the defaults (migration 20261209000300). */
export class NotificationPreference extends Model<
  InferAttributes<NotificationPreference>,
  InferCreationAttributes<NotificationPreference>
> {
  declare userId: number;
  declare websiteId: number | null;
  declare channels: CreationOptional<ChannelOverrides>;
  declare digest: CreationOptional<Digest>;
  declare phone: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

function initNotificationPreferenceModel(sequelize: Sequelize): void {
  NotificationPreference.init(
    {
      userId: { type: DataTypes.BIGINT, primaryKey: true },
      websiteId: bigint(true),
      channels: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      digest: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'off' },
      phone: { type: DataTypes.STRING(20), allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'notification_preferences', modelName: 'NotificationPreference' },
  );
}
