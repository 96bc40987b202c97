import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { User } from '../identity/index.js';
import { Order } from '../orders/index.js';
import { bigint, date } from '../platform/columns.js';
import { Website } from '../tenancy/index.js';
import { DEFAULT_CLAIM_HOURS, EDITING_MODES, EDITOR_TASK_STATUSES, type EditingMode, type EditorTaskStatus } from './rules.js';

/** A website's editing requirement (table editing_requirements, one row per website), edited by its admins. */
export class EditingRequirement extends Model<InferAttributes<EditingRequirement>, InferCreationAttributes<EditingRequirement>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare mode: CreationOptional<EditingMode>;
  declare paperTypes: CreationOptional<string[]>;
  declare academicLevels: CreationOptional<string[]>;
  declare writerLevels: CreationOptional<string[]>;
  declare newWriterOrders: CreationOptional<number>;
  declare claimHours: CreationOptional<number>;
  declare updatedBy: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/**
 * One hand-in of an order to editing (table editor_tasks): waiting for an editor (available),
 * held by one (claimed, until claimExpiresAt), then returned to the writer with notes or approved
 * (the order delivered to the client). A writer's redelivery after a return opens the next round.
 */
export class EditorTask extends Model<InferAttributes<EditorTask>, InferCreationAttributes<EditorTask>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare orderId: number;
  declare writerId: number | null;
  declare editorId: CreationOptional<number | null>;
  declare round: CreationOptional<number>;
  declare status: CreationOptional<EditorTaskStatus>;
  declare claimedAt: CreationOptional<Date | null>;
  declare claimExpiresAt: CreationOptional<Date | null>;
  declare decidedAt: CreationOptional<Date | null>;
  declare notes: CreationOptional<string | null>;
  declare editedFileId: CreationOptional<number | null>;
  declare expiredClaims: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** One editor's figures (a row of the editor_performance view, migration 20261208000100), read-only. */
export class EditorPerformance extends Model<InferAttributes<EditorPerformance>> {
  declare id: number;
  declare websiteId: number;
  declare editorId: number;
  declare decided: number;
  declare approvals: number;
  declare returns: number;
  declare heldNow: number;
  declare avgTurnaroundMinutes: number | null;
  declare laterRevisions: number;
  declare lastDecidedAt: Date | null;
}

const names = (length: number) => ({ type: DataTypes.ARRAY(DataTypes.STRING(length)), allowNull: false, defaultValue: [] });

export function initEditorModels(sequelize: Sequelize): void {
  EditingRequirement.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      mode: { type: DataTypes.ENUM(...EDITING_MODES), allowNull: false, defaultValue: 'never' },
      paperTypes: names(60),
      academicLevels: names(60),
      writerLevels: names(40),
      newWriterOrders: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      claimHours: { type: DataTypes.INTEGER, allowNull: false, defaultValue: DEFAULT_CLAIM_HOURS },
      updatedBy: bigint(true),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'editing_requirements', modelName: 'EditingRequirement' },
  );
  EditorTask.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      orderId: bigint(false),
      writerId: bigint(true),
      editorId: bigint(true),
      round: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      status: { type: DataTypes.ENUM(...EDITOR_TASK_STATUSES), allowNull: false, defaultValue: 'available' },
      claimedAt: date(true),
      claimExpiresAt: date(true),
      decidedAt: date(true),
      notes: { type: DataTypes.TEXT, allowNull: true },
      editedFileId: bigint(true),
      expiredClaims: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'editor_tasks', modelName: 'EditorTask' },
  );
  const count = () => ({ type: DataTypes.INTEGER, allowNull: false });
  EditorPerformance.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true },
      websiteId: bigint(false),
      editorId: bigint(false),
      decided: count(),
      approvals: count(),
      returns: count(),
      heldNow: count(),
      avgTurnaroundMinutes: { type: DataTypes.INTEGER, allowNull: true },
      laterRevisions: count(),
      lastDecidedAt: date(true),
    },
    { sequelize, tableName: 'editor_performance', modelName: 'EditorPerformance', timestamps: false },
  );
  EditingRequirement.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });
  EditorTask.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });
  EditorTask.belongsTo(Order, { foreignKey: 'orderId', as: 'order' });
  EditorTask.belongsTo(User, { foreignKey: 'writerId', as: 'writer' });
  EditorTask.belongsTo(User, { foreignKey: 'editorId', as: 'editor' });
}
