import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { bigint, date } from '../../platform/columns.js';
import type { CampaignStatus, RecipientStatus } from './rules.js';

/** A website's mass email campaign (migration 20261209000200). */
export class EmailCampaign extends Model<InferAttributes<EmailCampaign>, InferCreationAttributes<EmailCampaign>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare name: string;
  declare subject: string;
  declare html: string;
  /** The segment, as canonical JSON text (rules.ts `audienceSchema`). */
  declare audience: string;
  declare throttlePerMinute: number;
  declare status: CreationOptional<CampaignStatus>;
  declare scheduledAt: CreationOptional<Date | null>;
  declare startedAt: CreationOptional<Date | null>;
  declare finishedAt: CreationOptional<Date | null>;
  declare recipientsCount: CreationOptional<number>;
  declare queuedCount: CreationOptional<number>;
  declare sentCount: CreationOptional<number>;
  declare failedCount: CreationOptional<number>;
  declare unsubscribedCount: CreationOptional<number>;
  declare skippedCount: CreationOptional<number>;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** One person of a campaign's audience snapshot and where their email is. */
export class CampaignRecipient extends Model<InferAttributes<CampaignRecipient>, InferCreationAttributes<CampaignRecipient>> {
  declare id: CreationOptional<number>;
  declare campaignId: number;
  declare websiteId: number;
  declare userId: number;
  declare email: string;
  declare displayName: string;
  declare status: CreationOptional<RecipientStatus>;
  declare attempts: CreationOptional<number>;
  declare claimToken: CreationOptional<string | null>;
  declare claimedAt: CreationOptional<Date | null>;
  declare leaseUntil: CreationOptional<Date | null>;
  declare error: CreationOptional<string | null>;
  declare sentAt: CreationOptional<Date | null>;
  declare providerId: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
}

/** An address that unsubscribed from a website's campaigns (honoured by every later campaign). */
export class EmailUnsubscribe extends Model<InferAttributes<EmailUnsubscribe>, InferCreationAttributes<EmailUnsubscribe>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare email: string;
  declare userId: number | null;
  declare campaignId: number | null;
  declare method: 'link' | 'one_click';
  declare createdAt: CreationOptional<Date>;
}

/** An in-app notice staff sent to a segment. */
export class Broadcast extends Model<InferAttributes<Broadcast>, InferCreationAttributes<Broadcast>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare title: string;
  declare body: string;
  declare link: string | null;
  declare audience: string;
  declare recipientsCount: CreationOptional<number>;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
}

export function initCampaignModels(sequelize: Sequelize): void {
  EmailCampaign.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      name: { type: DataTypes.STRING(120), allowNull: false },
      subject: { type: DataTypes.STRING(300), allowNull: false },
      html: { type: DataTypes.TEXT, allowNull: false },
      audience: { type: DataTypes.TEXT, allowNull: false },
      throttlePerMinute: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'draft' },
      scheduledAt: date(true),
      startedAt: date(true),
      finishedAt: date(true),
      recipientsCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      queuedCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      sentCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      failedCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      unsubscribedCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      skippedCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      createdBy: bigint(true),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'email_campaigns', modelName: 'EmailCampaign' },
  );
  CampaignRecipient.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      campaignId: bigint(false),
      websiteId: bigint(false),
      userId: bigint(false),
      email: { type: DataTypes.STRING(254), allowNull: false },
      displayName: { type: DataTypes.STRING(120), allowNull: false },
      status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'queued' },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      claimToken: { type: DataTypes.UUID, allowNull: true },
      claimedAt: date(true),
      leaseUntil: date(true),
      error: { type: DataTypes.STRING(1000), allowNull: true },
      sentAt: date(true),
      providerId: { type: DataTypes.STRING(300), allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'email_campaign_recipients', modelName: 'CampaignRecipient', updatedAt: false },
  );
  EmailUnsubscribe.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      email: { type: DataTypes.STRING(254), allowNull: false },
      userId: bigint(true),
      campaignId: bigint(true),
      method: { type: DataTypes.STRING(20), allowNull: false },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'email_unsubscribes', modelName: 'EmailUnsubscribe', updatedAt: false },
  );
  Broadcast.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      title: { type: DataTypes.STRING(200), allowNull: false },
      body: { type: DataTypes.STRING(2000), allowNull: false, defaultValue: '' },
      link: { type: DataTypes.STRING(300), allowNull: true },
      audience: { type: DataTypes.TEXT, allowNull: false },
      recipientsCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      createdBy: bigint(true),
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'broadcasts', modelName: 'Broadcast', updatedAt: false },
  );
}
