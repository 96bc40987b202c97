import {
  DataTypes,
  Model,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { Website } from '../tenancy/index.js';
import { USER_STATUSES, type UserStatus } from './rules.js';
import { ROLES, type Role } from '../platform/actor.js';

export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<number>;
  declare websiteId: ForeignKey<Website['id']> | null;
  declare role: Role;
  declare registrationId: string;
  declare email: string;
  declare passwordHash: string;
  declare displayName: string;
  declare penName: CreationOptional<string | null>;
  declare timezone: CreationOptional<string>;
  declare avatarUrl: CreationOptional<string | null>;
  declare status: CreationOptional<UserStatus>;
  declare statusReason: CreationOptional<string | null>;
  declare lastLoginAt: CreationOptional<Date | null>;
  declare passwordChangedAt: CreationOptional<Date | null>;
  /** Writers: personal cap on active orders (else the website default, later the level's). */
  declare maxActiveOrders: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class UserSession extends Model<InferAttributes<UserSession>, InferCreationAttributes<UserSession>> {
  declare id: CreationOptional<number>;
  declare userId: ForeignKey<User['id']>;
  declare websiteId: number | null;
  declare device: string | null;
  declare ip: string | null;
  declare createdAt: CreationOptional<Date>;
  declare lastUsedAt: CreationOptional<Date>;
  declare expiresAt: Date;
  declare revokedAt: CreationOptional<Date | null>;
  declare revokedReason: CreationOptional<string | null>;
}

export class RefreshToken extends Model<InferAttributes<RefreshToken>, InferCreationAttributes<RefreshToken>> {
  declare id: CreationOptional<number>;
  declare sessionId: ForeignKey<UserSession['id']>;
  declare tokenHash: string;
  declare createdAt: CreationOptional<Date>;
  declare spentAt: CreationOptional<Date | null>;
}

export class PasswordResetToken extends Model<InferAttributes<PasswordResetToken>, InferCreationAttributes<PasswordResetToken>> {
  declare id: CreationOptional<number>;
  declare userId: ForeignKey<User['id']>;
  declare tokenHash: string;
  declare requestedIp: string | null;
  declare expiresAt: Date;
  declare usedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

/** Columns that must never leave the server: kept out of every default query (and so out of AdminJS's JSON). */
export const USER_SECRET_COLUMNS = ['passwordHash'] as const;

export function initIdentityModels(sequelize: Sequelize): void {
  User.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: { type: DataTypes.BIGINT, allowNull: true },
      role: { type: DataTypes.ENUM(...ROLES), allowNull: false },
      registrationId: { type: DataTypes.STRING(16), allowNull: false, unique: true },
      email: { type: DataTypes.STRING(254), allowNull: false },
      passwordHash: { type: DataTypes.TEXT, allowNull: false },
      displayName: { type: DataTypes.STRING(120), allowNull: false },
      penName: { type: DataTypes.STRING(80), allowNull: true },
      timezone: { type: DataTypes.STRING(64), allowNull: false, defaultValue: 'UTC' },
      avatarUrl: { type: DataTypes.STRING(500), allowNull: true },
      status: { type: DataTypes.ENUM(...USER_STATUSES), allowNull: false, defaultValue: 'active' },
      statusReason: { type: DataTypes.STRING(500), allowNull: true },
      lastLoginAt: { type: DataTypes.DATE, allowNull: true },
      passwordChangedAt: { type: DataTypes.DATE, allowNull: true },
      maxActiveOrders: { type: DataTypes.INTEGER, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    {
      sequelize,
      tableName: 'users',
      modelName: 'User',
      defaultScope: { attributes: { exclude: [...USER_SECRET_COLUMNS] } },
      scopes: { withSecrets: { attributes: { include: [...USER_SECRET_COLUMNS] } } },
    },
  );

  UserSession.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      userId: { type: DataTypes.BIGINT, allowNull: false },
      websiteId: { type: DataTypes.BIGINT, allowNull: true },
      device: { type: DataTypes.STRING(300), allowNull: true },
      ip: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: DataTypes.DATE,
      lastUsedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      revokedAt: { type: DataTypes.DATE, allowNull: true },
      revokedReason: { type: DataTypes.STRING(40), allowNull: true },
    },
    { sequelize, tableName: 'user_sessions', modelName: 'UserSession', updatedAt: false },
  );

  RefreshToken.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      sessionId: { type: DataTypes.BIGINT, allowNull: false },
      tokenHash: { type: DataTypes.CHAR(64), allowNull: false, unique: true },
      createdAt: DataTypes.DATE,
      spentAt: { type: DataTypes.DATE, allowNull: true },
    },
    { sequelize, tableName: 'refresh_tokens', modelName: 'RefreshToken', updatedAt: false },
  );

  PasswordResetToken.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      userId: { type: DataTypes.BIGINT, allowNull: false },
      tokenHash: { type: DataTypes.CHAR(64), allowNull: false, unique: true },
      requestedIp: { type: DataTypes.STRING(64), allowNull: true },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      usedAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'password_reset_tokens', modelName: 'PasswordResetToken', updatedAt: false },
  );

  Website.hasMany(User, { foreignKey: 'websiteId', as: 'users' });
  User.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });
  User.hasMany(UserSession, { foreignKey: 'userId', as: 'sessions' });
  UserSession.belongsTo(User, { foreignKey: 'userId', as: 'user' });
  UserSession.hasMany(RefreshToken, { foreignKey: 'sessionId', as: 'refreshTokens' });
  RefreshToken.belongsTo(UserSession, { foreignKey: 'sessionId', as: 'session' });
  PasswordResetToken.belongsTo(User, { foreignKey: 'userId', as: 'user' });
}
