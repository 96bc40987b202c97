import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { PriceLimits } from './rules.js';

export const PRICE_LIST_STATUSES = ['draft', 'active', 'superseded'] as const;
export type PriceListStatus = (typeof PRICE_LIST_STATUSES)[number];

export const PRICE_OPTION_KINDS = [
  'paper_type',
  'work_type',
  'academic_level',
  'subject_category',
  'subject',
  'deadline_band',
  'writer_level',
  'extra_service',
] as const;
export type PriceOptionKind = (typeof PRICE_OPTION_KINDS)[number];

export interface PriceListChanges {
  /** Scalar fields that differ from the previous active version: [before, after]. */
  fields: Record<string, [unknown, unknown]>;
  added: string[];
  removed: string[];
  changed: string[];
}

export class PriceListVersion extends Model<InferAttributes<PriceListVersion>, InferCreationAttributes<PriceListVersion>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare version: number;
  declare status: CreationOptional<PriceListStatus>;
  declare currency: string;
  declare basePerPageCents: number;
  declare minChargeCents: number;
  declare singleSpacingBp: number;
  declare slidePriceCents: number;
  declare chartPriceCents: number;
  declare preferredWriterFeeCents: number;
  declare maxPagesPerHour: number;
  declare limits: PriceLimits;
  declare notes: CreationOptional<string | null>;
  declare basedOnId: CreationOptional<number | null>;
  declare createdBy: CreationOptional<number | null>;
  declare activatedBy: CreationOptional<number | null>;
  declare activatedAt: CreationOptional<Date | null>;
  declare changes: CreationOptional<PriceListChanges | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PriceOption extends Model<InferAttributes<PriceOption>, InferCreationAttributes<PriceOption>> {
  declare id: CreationOptional<number>;
  declare priceListId: number;
  declare kind: PriceOptionKind;
  declare code: string;
  declare name: string;
  declare multiplierBp: CreationOptional<number | null>;
  declare amountCents: CreationOptional<number | null>;
  declare maxHours: CreationOptional<number | null>;
  declare categoryCode: CreationOptional<string | null>;
  declare active: CreationOptional<boolean>;
  declare sortOrder: CreationOptional<number>;
}

export function initPricingModels(sequelize: Sequelize): void {
  PriceListVersion.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: { type: DataTypes.BIGINT, allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.ENUM(...PRICE_LIST_STATUSES), allowNull: false, defaultValue: 'draft' },
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      basePerPageCents: { type: DataTypes.BIGINT, allowNull: false },
      minChargeCents: { type: DataTypes.BIGINT, allowNull: false },
      singleSpacingBp: { type: DataTypes.INTEGER, allowNull: false },
      slidePriceCents: { type: DataTypes.BIGINT, allowNull: false },
      chartPriceCents: { type: DataTypes.BIGINT, allowNull: false },
      preferredWriterFeeCents: { type: DataTypes.BIGINT, allowNull: false },
      // NUMERIC arrives as a string from pg; a page rate is not money, so a number is fine here.
      maxPagesPerHour: {
        type: DataTypes.DECIMAL(6, 2),
        allowNull: false,
        get() {
          return Number(this.getDataValue('maxPagesPerHour'));
        },
      },
      limits: { type: DataTypes.JSONB, allowNull: false },
      notes: { type: DataTypes.STRING(500), allowNull: true },
      basedOnId: { type: DataTypes.BIGINT, allowNull: true },
      createdBy: { type: DataTypes.BIGINT, allowNull: true },
      activatedBy: { type: DataTypes.BIGINT, allowNull: true },
      activatedAt: { type: DataTypes.DATE, allowNull: true },
      changes: { type: DataTypes.JSONB, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'price_lists', modelName: 'PriceListVersion' },
  );

  PriceOption.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      priceListId: { type: DataTypes.BIGINT, allowNull: false },
      kind: { type: DataTypes.ENUM(...PRICE_OPTION_KINDS), allowNull: false },
      code: { type: DataTypes.STRING(60), allowNull: false },
      name: { type: DataTypes.STRING(120), allowNull: false },
      multiplierBp: { type: DataTypes.INTEGER, allowNull: true },
      amountCents: { type: DataTypes.BIGINT, allowNull: true },
      maxHours: { type: DataTypes.INTEGER, allowNull: true },
      categoryCode: { type: DataTypes.STRING(60), allowNull: true },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    },
    { sequelize, tableName: 'price_options', modelName: 'PriceOption', timestamps: false },
  );

  PriceListVersion.hasMany(PriceOption, { foreignKey: 'priceListId', as: 'options' });
  PriceOption.belongsTo(PriceListVersion, { foreignKey: 'priceListId', as: 'priceList' });
}
