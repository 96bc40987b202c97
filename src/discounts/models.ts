import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { User } from '../identity/index.js';
import { Website } from '../tenancy/index.js';
import { CAMPAIGN_STATUSES, type CampaignStatus } from './campaign-rules.js';
import { DISCOUNT_KINDS, type DiscountKind } from './rules.js';

export const GENERATION_STATUSES = ['idle', 'queued', 'running', 'done', 'failed'] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];

/** The terms every code of one generation request gets. */
export interface GenerationParams {
  prefix: string;
  kind: DiscountKind;
  percentBp: number | null;
  valueCents: number | null;
  capCents: number | null;
  minSubtotalCents: number;
  usageLimitTotal: number | null;
  usageLimitPerClient: number | null;
  firstOrderOnly: boolean;
}

export class Campaign extends Model<InferAttributes<Campaign>, InferCreationAttributes<Campaign>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare name: string;
  declare description: CreationOptional<string | null>;
  declare status: CreationOptional<CampaignStatus>;
  declare startsAt: CreationOptional<Date | null>;
  declare endsAt: CreationOptional<Date | null>;
  declare costCents: CreationOptional<number>;
  declare budgetCents: CreationOptional<number | null>;
  declare generationStatus: CreationOptional<GenerationStatus>;
  declare generationParams: CreationOptional<GenerationParams | null>;
  declare generationBaseCount: CreationOptional<number>;
  declare generationRequested: CreationOptional<number>;
  declare generationGenerated: CreationOptional<number>;
  declare generationError: CreationOptional<string | null>;
  declare generationHeartbeatAt: CreationOptional<Date | null>;
  declare createdBy: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class DiscountCode extends Model<InferAttributes<DiscountCode>, InferCreationAttributes<DiscountCode>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare campaignId: CreationOptional<number | null>;
  declare code: string;
  declare description: CreationOptional<string | null>;
  declare kind: DiscountKind;
  declare percentBp: CreationOptional<number | null>;
  declare valueCents: CreationOptional<number | null>;
  declare capCents: CreationOptional<number | null>;
  declare validFrom: CreationOptional<Date | null>;
  declare validUntil: CreationOptional<Date | null>;
  declare minSubtotalCents: CreationOptional<number>;
  declare minLifetimeSpendCents: CreationOptional<number>;
  declare usageLimitTotal: CreationOptional<number | null>;
  declare usageLimitPerClient: CreationOptional<number | null>;
  declare eligibleClientIds: CreationOptional<number[]>;
  declare firstOrderOnly: CreationOptional<boolean>;
  declare active: CreationOptional<boolean>;
  declare usesCount: CreationOptional<number>;
  declare createdBy: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const USAGE_STATUSES = ['reserved', 'used', 'released'] as const;
export type UsageStatus = (typeof USAGE_STATUSES)[number];

export class DiscountUsage extends Model<InferAttributes<DiscountUsage>, InferCreationAttributes<DiscountUsage>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare codeId: number;
  declare orderId: number;
  declare clientId: number | null;
  declare amountCents: number;
  declare status: CreationOptional<UsageStatus>;
  declare reservedAt: CreationOptional<Date>;
  declare usedAt: CreationOptional<Date | null>;
  declare releasedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const ref = (allowNull: boolean) => ({ type: DataTypes.BIGINT, allowNull });
const money = (allowNull: boolean, defaultValue?: number) => ({
  type: DataTypes.BIGINT,
  allowNull,
  ...(defaultValue !== undefined ? { defaultValue } : {}),
});

export function initDiscountModels(sequelize: Sequelize): void {
  Campaign.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: ref(false),
      name: { type: DataTypes.STRING(120), allowNull: false },
      description: { type: DataTypes.STRING(2000), allowNull: true },
      status: { type: DataTypes.ENUM(...CAMPAIGN_STATUSES), allowNull: false, defaultValue: 'draft' },
      startsAt: { type: DataTypes.DATE, allowNull: true },
      endsAt: { type: DataTypes.DATE, allowNull: true },
      costCents: money(false, 0),
      budgetCents: money(true),
      generationStatus: { type: DataTypes.ENUM(...GENERATION_STATUSES), allowNull: false, defaultValue: 'idle' },
      generationParams: { type: DataTypes.JSONB, allowNull: true },
      generationBaseCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      generationRequested: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      generationGenerated: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      generationError: { type: DataTypes.STRING(500), allowNull: true },
      generationHeartbeatAt: { type: DataTypes.DATE, allowNull: true },
      createdBy: ref(true),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'campaigns', modelName: 'Campaign' },
  );

  DiscountCode.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: ref(false),
      campaignId: ref(true),
      code: { type: DataTypes.STRING(40), allowNull: false },
      description: { type: DataTypes.STRING(500), allowNull: true },
      kind: { type: DataTypes.ENUM(...DISCOUNT_KINDS), allowNull: false },
      percentBp: { type: DataTypes.INTEGER, allowNull: true },
      valueCents: money(true),
      capCents: money(true),
      validFrom: { type: DataTypes.DATE, allowNull: true },
      validUntil: { type: DataTypes.DATE, allowNull: true },
      minSubtotalCents: money(false, 0),
      minLifetimeSpendCents: money(false, 0),
      usageLimitTotal: { type: DataTypes.INTEGER, allowNull: true },
      usageLimitPerClient: { type: DataTypes.INTEGER, allowNull: true },
      eligibleClientIds: { type: DataTypes.ARRAY(DataTypes.BIGINT), allowNull: false, defaultValue: [] },
      firstOrderOnly: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      usesCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      createdBy: ref(true),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'discount_codes', modelName: 'DiscountCode' },
  );

  DiscountUsage.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: ref(false),
      codeId: ref(false),
      orderId: ref(false),
      clientId: ref(true),
      amountCents: money(false),
      status: { type: DataTypes.ENUM(...USAGE_STATUSES), allowNull: false, defaultValue: 'reserved' },
      reservedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      usedAt: { type: DataTypes.DATE, allowNull: true },
      releasedAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'discount_usages', modelName: 'DiscountUsage' },
  );

  Campaign.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });
  Campaign.hasMany(DiscountCode, { foreignKey: 'campaignId', as: 'codes' });
  DiscountCode.belongsTo(Campaign, { foreignKey: 'campaignId', as: 'campaign' });
  DiscountCode.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });
  DiscountUsage.belongsTo(DiscountCode, { foreignKey: 'codeId', as: 'code' });
  DiscountUsage.belongsTo(User, { foreignKey: 'clientId', as: 'client' });
}
