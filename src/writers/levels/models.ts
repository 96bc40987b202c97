import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { bigint } from '../../platform/columns.js';
import { User } from '../../identity/index.js';
import { Website } from '../../tenancy/index.js';

/** One level of a website's levels table (writer_levels): its terms and thresholds (rules.ts LevelTerms). */
export class WriterLevel extends Model<InferAttributes<WriterLevel>, InferCreationAttributes<WriterLevel>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare name: string;
  declare rank: number;
  declare pageCents: number;
  declare slideCents: number;
  declare chartCents: number;
  declare maxActiveOrders: number;
  declare urgentWithinHours: number;
  declare urgentPageCents: number;
  declare urgentMultiplierBp: number;
  declare tipShareBp: number;
  declare minCompletedOrders: number;
  declare minCompositeBp: number;
  declare minRatingCenti: number;
  declare minCompletionBp: number;
  declare maxRevisionBp: number;
  declare maxLatenessBp: number;
  declare maxDisputeBp: number;
  declare maxCancellationBp: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A writer's standing (writer_profiles): their level and last score. No row: the website's lowest level. */
export class WriterProfile extends Model<InferAttributes<WriterProfile>, InferCreationAttributes<WriterProfile>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare writerId: number;
  declare levelId: number;
  declare scoreBp: CreationOptional<number | null>;
  declare scoreParts: CreationOptional<Record<string, unknown> | null>;
  declare evaluatedAt: CreationOptional<Date | null>;
  declare levelChangedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type EvaluationDecision = 'promote' | 'hold' | 'demote';

/** One weekly evaluation of a writer (writer_evaluations): the period's metrics, score and decision. */
export class WriterEvaluation extends Model<InferAttributes<WriterEvaluation>, InferCreationAttributes<WriterEvaluation>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare writerId: number;
  declare periodStart: Date;
  declare periodEnd: Date;
  declare levelId: number;
  declare metrics: Record<string, unknown>;
  declare scoreBp: number;
  declare decision: EvaluationDecision;
  declare newLevelId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
}

// A function, not a shared object: Sequelize writes each attribute's column name into its definition.
export const WARNING_KINDS = ['warning', 'probation', 'suspension'] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];
export const WARNING_STATUSES = ['active', 'lifted'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

/** A warning, probation or suspension of a writer (writer_warnings), in force until its end date or lifted. */
export class WriterWarning extends Model<InferAttributes<WriterWarning>, InferCreationAttributes<WriterWarning>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare writerId: number;
  declare kind: WarningKind;
  declare status: CreationOptional<WarningStatus>;
  declare reason: string;
  declare endsAt: Date;
  declare issuedBy: number | null;
  declare liftedAt: CreationOptional<Date | null>;
  declare liftedBy: CreationOptional<number | null>;
  declare liftReason: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A badge a writer earned (writer_badges), once per code. */
export class WriterBadge extends Model<InferAttributes<WriterBadge>, InferCreationAttributes<WriterBadge>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare writerId: number;
  declare code: string;
  declare awardedAt: CreationOptional<Date>;
}

const int = () => ({ type: DataTypes.INTEGER, allowNull: false });

export function initWriterLevelModels(sequelize: Sequelize): void {
  WriterLevel.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      name: { type: DataTypes.STRING(40), allowNull: false },
      rank: int(),
      pageCents: int(),
      slideCents: int(),
      chartCents: int(),
      maxActiveOrders: int(),
      urgentWithinHours: int(),
      urgentPageCents: int(),
      urgentMultiplierBp: int(),
      tipShareBp: int(),
      minCompletedOrders: int(),
      minCompositeBp: int(),
      minRatingCenti: int(),
      minCompletionBp: int(),
      maxRevisionBp: int(),
      maxLatenessBp: int(),
      maxDisputeBp: int(),
      maxCancellationBp: int(),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'writer_levels', modelName: 'WriterLevel' },
  );
  WriterLevel.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });

  WriterProfile.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      writerId: bigint(false),
      levelId: bigint(false),
      scoreBp: { type: DataTypes.INTEGER, allowNull: true },
      scoreParts: { type: DataTypes.JSONB, allowNull: true },
      evaluatedAt: { type: DataTypes.DATE, allowNull: true },
      levelChangedAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'writer_profiles', modelName: 'WriterProfile' },
  );
  WriterProfile.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });
  WriterProfile.belongsTo(User, { foreignKey: 'writerId', as: 'writer' });
  WriterProfile.belongsTo(WriterLevel, { foreignKey: 'levelId', as: 'level' });

  WriterEvaluation.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      writerId: bigint(false),
      periodStart: { type: DataTypes.DATE, allowNull: false },
      periodEnd: { type: DataTypes.DATE, allowNull: false },
      levelId: bigint(false),
      metrics: { type: DataTypes.JSONB, allowNull: false },
      scoreBp: int(),
      decision: { type: DataTypes.ENUM('promote', 'hold', 'demote'), allowNull: false },
      newLevelId: bigint(true),
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'writer_evaluations', modelName: 'WriterEvaluation', updatedAt: false },
  );
  WriterEvaluation.belongsTo(User, { foreignKey: 'writerId', as: 'writer' });

  WriterWarning.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      writerId: bigint(false),
      kind: { type: DataTypes.ENUM(...WARNING_KINDS), allowNull: false },
      status: { type: DataTypes.ENUM(...WARNING_STATUSES), allowNull: false, defaultValue: 'active' },
      reason: { type: DataTypes.TEXT, allowNull: false },
      endsAt: { type: DataTypes.DATE, allowNull: false },
      issuedBy: bigint(true),
      liftedAt: { type: DataTypes.DATE, allowNull: true },
      liftedBy: bigint(true),
      liftReason: { type: DataTypes.TEXT, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'writer_warnings', modelName: 'WriterWarning' },
  );
  WriterWarning.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });
  WriterWarning.belongsTo(User, { foreignKey: 'writerId', as: 'writer' });
  WriterWarning.belongsTo(User, { foreignKey: 'issuedBy', as: 'issuer' });
  WriterWarning.belongsTo(User, { foreignKey: 'liftedBy', as: 'lifter' });

  WriterBadge.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      writerId: bigint(false),
      code: { type: DataTypes.STRING(40), allowNull: false },
      awardedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    },
    { sequelize, tableName: 'writer_badges', modelName: 'WriterBadge', timestamps: false },
  );
}
