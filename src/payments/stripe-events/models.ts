import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { StripeEventStatus } from './rules.js';

/** One Stripe webhook event as received, and what became of it (table stripe_events). */
export class StripeEvent extends Model<InferAttributes<StripeEvent>, InferCreationAttributes<StripeEvent>> {
  declare id: CreationOptional<number>;
  declare stripeEventId: string;
  declare type: string;
  declare websiteId: number | null;
  declare objectId: string | null;
  declare livemode: CreationOptional<boolean>;
  declare eventCreatedAt: Date;
  declare payload: Record<string, unknown>;
  declare status: CreationOptional<StripeEventStatus>;
  declare attempts: CreationOptional<number>;
  declare lastError: CreationOptional<string | null>;
  declare receivedAt: CreationOptional<Date>;
  declare processedAt: CreationOptional<Date | null>;
}

export function initStripeEventModels(sequelize: Sequelize): void {
  StripeEvent.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      stripeEventId: { type: DataTypes.STRING(255), allowNull: false, unique: true },
      type: { type: DataTypes.STRING(120), allowNull: false },
      websiteId: { type: DataTypes.BIGINT, allowNull: true },
      objectId: { type: DataTypes.STRING(255), allowNull: true },
      livemode: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      eventCreatedAt: { type: DataTypes.DATE, allowNull: false },
      payload: { type: DataTypes.JSONB, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'received' },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastError: { type: DataTypes.TEXT, allowNull: true },
      receivedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      processedAt: { type: DataTypes.DATE, allowNull: true },
    },
    { sequelize, tableName: 'stripe_events', modelName: 'StripeEvent', timestamps: false },
  );
}
