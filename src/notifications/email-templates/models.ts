import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { bigint } from '../../platform/columns.js';

/**
 * A website's override of one default email template (migration 20261209000100). `key` is a
 * template's name (`payment-receipt`), `layout`, or `partial:<name>`; a part left null keeps the
 * default (the layout and partials use `html` only). Only an active override is used.
 */
export class EmailTemplate extends Model<InferAttributes<EmailTemplate>, InferCreationAttributes<EmailTemplate>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare key: string;
  declare subject: string | null;
  declare html: string | null;
  declare text: string | null;
  declare version: CreationOptional<number>;
  declare active: CreationOptional<boolean>;
  declare authorId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** Every saved version of an override, for history and rollback. */
export class EmailTemplateVersion extends Model<InferAttributes<EmailTemplateVersion>, InferCreationAttributes<EmailTemplateVersion>> {
  declare id: CreationOptional<number>;
  declare templateId: number;
  declare websiteId: number;
  declare key: string;
  declare version: number;
  declare subject: string | null;
  declare html: string | null;
  declare text: string | null;
  declare active: boolean;
  declare authorId: number | null;
  declare change: 'create' | 'edit' | 'rollback';
  declare restoredFrom: number | null;
  declare createdAt: CreationOptional<Date>;
}

export const EMAIL_STATUSES = ['queued', 'sent', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** One email the mailer sent (or tried to), for support to search. */
export class EmailMessage extends Model<InferAttributes<EmailMessage>, InferCreationAttributes<EmailMessage>> {
  declare id: CreationOptional<number>;
  declare websiteId: number | null;
  declare recipient: string;
  declare templateKey: string;
  declare templateVersion: number | null;
  declare layoutVersion: number | null;
  declare subject: string | null;
  declare status: CreationOptional<EmailStatus>;
  declare providerMessageId: CreationOptional<string | null>;
  declare error: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const source = () => ({ type: DataTypes.TEXT, allowNull: true });

export function initEmailTemplateModels(sequelize: Sequelize): void {
  EmailTemplate.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      key: { type: DataTypes.STRING(100), allowNull: false },
      subject: source(),
      html: source(),
      text: source(),
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      authorId: bigint(true),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'email_templates', modelName: 'EmailTemplate' },
  );
  EmailTemplateVersion.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      templateId: bigint(false),
      websiteId: bigint(false),
      key: { type: DataTypes.STRING(100), allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: false },
      subject: source(),
      html: source(),
      text: source(),
      active: { type: DataTypes.BOOLEAN, allowNull: false },
      authorId: bigint(true),
      change: { type: DataTypes.STRING(20), allowNull: false },
      restoredFrom: { type: DataTypes.INTEGER, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'email_template_versions', modelName: 'EmailTemplateVersion', updatedAt: false },
  );
  EmailMessage.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(true),
      recipient: { type: DataTypes.STRING(320), allowNull: false },
      templateKey: { type: DataTypes.STRING(100), allowNull: false },
      templateVersion: { type: DataTypes.INTEGER, allowNull: true },
      layoutVersion: { type: DataTypes.INTEGER, allowNull: true },
      subject: { type: DataTypes.STRING(500), allowNull: true },
      status: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'queued' },
      providerMessageId: { type: DataTypes.STRING(300), allowNull: true },
      error: { type: DataTypes.TEXT, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'email_messages', modelName: 'EmailMessage' },
  );
}
