import { DataTypes } from 'sequelize';

/**
 * Column definitions the models share. Functions, not shared objects: Sequelize keeps a reference
 * to each attribute's definition, so one object used for two columns makes both read the same column.
 */
export const bigint = (allowNull: boolean) => ({ type: DataTypes.BIGINT, allowNull });
export const date = (allowNull: boolean) => ({ type: DataTypes.DATE, allowNull });
