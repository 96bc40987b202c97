import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import {
  MESSAGE_RULE_ACTIONS,
  MESSAGE_STATUSES,
  THREAD_KINDS,
  type MessageRuleAction,
  type MessageStatus,
  type ScreeningFlag,
  type ThreadKind,
} from './rules.js';

/** One conversation of an order; created with its first message. */
export class MessageThread extends Model<InferAttributes<MessageThread>, InferCreationAttributes<MessageThread>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare orderId: number;
  declare kind: ThreadKind;
  declare lastMessageAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

export class OrderMessage extends Model<InferAttributes<OrderMessage>, InferCreationAttributes<OrderMessage>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare orderId: number;
  declare threadId: number;
  declare authorId: number | null;
  declare authorRole: string;
  /** As written. Only staff and the author ever receive it in a client<->writer thread. */
  declare body: string;
  /**
   * The masked text when contact details were found at posting (or at release), else null: a
   * record for staff. What the other party reads is screened again when it is read (serializers).
   */
  declare maskedBody: CreationOptional<string | null>;
  declare flags: CreationOptional<ScreeningFlag[]>;
  declare status: CreationOptional<MessageStatus>;
  declare holdReasons: CreationOptional<string[]>;
  declare reviewedBy: CreationOptional<number | null>;
  declare reviewedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

export class MessageRead extends Model<InferAttributes<MessageRead>, InferCreationAttributes<MessageRead>> {
  declare messageId: number;
  declare userId: number;
  declare readAt: CreationOptional<Date>;
}

/** A file sent with a message; downloadable by whoever sees the message. */
export class MessageAttachment extends Model<InferAttributes<MessageAttachment>, InferCreationAttributes<MessageAttachment>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare messageId: number;
  declare originalName: string;
  declare fileType: string;
  declare contentType: string;
  declare sizeBytes: number;
  declare sha256: string;
  declare storageKey: string;
  declare createdAt: CreationOptional<Date>;
}

export class MessageRule extends Model<InferAttributes<MessageRule>, InferCreationAttributes<MessageRule>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  /** Lower-cased plain text; a message containing it (case-insensitively) triggers the action. */
  declare pattern: string;
  declare action: MessageRuleAction;
  declare note: CreationOptional<string | null>;
  declare createdBy: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const bigint = (allowNull = false) => ({ type: DataTypes.BIGINT, allowNull });

export function initMessageModels(sequelize: Sequelize): void {
  MessageThread.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(),
      orderId: bigint(),
      kind: { type: DataTypes.ENUM(...THREAD_KINDS), allowNull: false },
      lastMessageAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'order_message_threads', modelName: 'MessageThread', updatedAt: false },
  );
  OrderMessage.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(),
      orderId: bigint(),
      threadId: bigint(),
      authorId: bigint(true),
      authorRole: { type: DataTypes.STRING(16), allowNull: false },
      body: { type: DataTypes.TEXT, allowNull: false },
      maskedBody: { type: DataTypes.TEXT, allowNull: true },
      flags: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false, defaultValue: [] },
      status: { type: DataTypes.ENUM(...MESSAGE_STATUSES), allowNull: false, defaultValue: 'visible' },
      holdReasons: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false, defaultValue: [] },
      reviewedBy: bigint(true),
      reviewedAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'order_messages', modelName: 'OrderMessage', updatedAt: false },
  );
  MessageRead.init(
    {
      messageId: { type: DataTypes.BIGINT, allowNull: false, primaryKey: true },
      userId: { type: DataTypes.BIGINT, allowNull: false, primaryKey: true },
      readAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    },
    { sequelize, tableName: 'order_message_reads', modelName: 'MessageRead', timestamps: false },
  );
  MessageAttachment.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(),
      messageId: bigint(),
      originalName: { type: DataTypes.STRING(255), allowNull: false },
      fileType: { type: DataTypes.STRING(10), allowNull: false },
      contentType: { type: DataTypes.STRING(120), allowNull: false },
      sizeBytes: { type: DataTypes.BIGINT, allowNull: false },
      sha256: { type: DataTypes.CHAR(64), allowNull: false },
      storageKey: { type: DataTypes.STRING(300), allowNull: false },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'order_message_attachments', modelName: 'MessageAttachment', updatedAt: false },
  );
  MessageRule.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(),
      pattern: { type: DataTypes.STRING(200), allowNull: false },
      action: { type: DataTypes.ENUM(...MESSAGE_RULE_ACTIONS), allowNull: false },
      note: { type: DataTypes.STRING(500), allowNull: true },
      createdBy: bigint(true),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'message_rules', modelName: 'MessageRule' },
  );
  OrderMessage.belongsTo(MessageThread, { foreignKey: 'threadId', as: 'thread' });
  MessageThread.hasMany(OrderMessage, { foreignKey: 'threadId', as: 'messages' });
}
