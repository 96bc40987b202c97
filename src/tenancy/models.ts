import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { WebsiteSettings } from './rules.js';

export class Website extends Model<InferAttributes<Website>, InferCreationAttributes<Website>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare slug: string;
  declare domains: string[];
  declare currency: CreationOptional<string>;
  declare timezone: CreationOptional<string>;
  declare settings: CreationOptional<Partial<WebsiteSettings>>;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initTenancyModels(sequelize: Sequelize): void {
  Website.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      name: { type: DataTypes.STRING(120), allowNull: false },
      slug: { type: DataTypes.STRING(60), allowNull: false, unique: true },
      domains: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false, defaultValue: [] },
      currency: { type: DataTypes.CHAR(3), allowNull: false, defaultValue: 'USD' },
      timezone: { type: DataTypes.STRING(64), allowNull: false, defaultValue: 'UTC' },
      settings: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'websites', modelName: 'Website' },
  );
}
