import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { User } from '../identity/index.js';
import { Order } from '../orders/index.js';
import { bigint, date } from '../platform/columns.js';
import { Website } from '../tenancy/index.js';
import {
  MAX_BODY_LENGTH,
  MAX_SUBJECT_LENGTH,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketCategory,
  type TicketPriority,
  type TicketStatus,
} from './rules.js';

/**
 * A support ticket (table tickets): opened by a client or a writer about their account,
 * or one of their orders; worked by support agents; timed by the first-response SLA.
 */
export class SupportTicket extends Model<InferAttributes<SupportTicket>, InferCreationAttributes<SupportTicket>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare requesterId: number;
  declare requesterRole: 'client' | 'writer';
  declare orderId: number | null;
  declare subject: string;
  declare category: TicketCategory;
  declare priority: TicketPriority;
  declare status: CreationOptional<TicketStatus>;
  declare assigneeId: CreationOptional<number | null>;
  declare assignedAt: CreationOptional<Date | null>;
  declare firstResponseDueAt: Date;
  declare slaAlertAt: Date;
  declare firstRespondedAt: CreationOptional<Date | null>;
  /** Seconds from opening to the first public staff reply. */
  declare firstResponseSeconds: CreationOptional<number | null>;
  declare slaAlerted: CreationOptional<boolean>;
  declare slaAlertedAt: CreationOptional<Date | null>;
  declare slaBreached: CreationOptional<boolean>;
  declare slaBreachedAt: CreationOptional<Date | null>;
  declare escalatedAt: CreationOptional<Date | null>;
  declare escalatedBy: CreationOptional<number | null>;
  declare escalationReason: CreationOptional<string | null>;
  declare resolvedAt: CreationOptional<Date | null>;
  declare resolvedBy: CreationOptional<number | null>;
  declare closedAt: CreationOptional<Date | null>;
  declare closedBy: CreationOptional<number | null>;
  declare lastCustomerReplyAt: CreationOptional<Date | null>;
  declare lastStaffReplyAt: CreationOptional<Date | null>;
  declare messageCount: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** One message of a ticket's thread: public (the customer sees it) or an internal staff note. */
export class SupportTicketMessage extends Model<InferAttributes<SupportTicketMessage>, InferCreationAttributes<SupportTicketMessage>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare ticketId: number;
  declare authorId: number | null;
  declare authorRole: string;
  declare body: string;
  declare internal: CreationOptional<boolean>;
  declare cannedReplyId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
}

/** A file sent with a ticket message, stored through the platform storage like order files. */
export class SupportTicketAttachment extends Model<
  InferAttributes<SupportTicketAttachment>,
  InferCreationAttributes<SupportTicketAttachment>
> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare ticketId: number;
  declare messageId: number;
  declare originalName: string;
  declare fileType: string;
  declare contentType: string;
  declare sizeBytes: number;
  declare sha256: string;
  declare storageKey: string;
  declare createdAt: CreationOptional<Date>;
}

/** A website's ready-made reply, offered to agents when they answer a ticket. */
export class SupportCannedReply extends Model<InferAttributes<SupportCannedReply>, InferCreationAttributes<SupportCannedReply>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare title: string;
  declare body: string;
  declare category: TicketCategory | null;
  declare active: CreationOptional<boolean>;
  declare createdBy: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const text = (length: number, allowNull: boolean) => ({ type: DataTypes.STRING(length), allowNull });
const flag = () => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });

export function initSupportModels(sequelize: Sequelize): void {
  SupportTicket.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      requesterId: bigint(false),
      requesterRole: { type: DataTypes.ENUM('client', 'writer'), allowNull: false },
      orderId: bigint(true),
      subject: text(MAX_SUBJECT_LENGTH, false),
      // ENUMs here (VARCHAR in the database) so the back office offers them as filters.
      category: { type: DataTypes.ENUM(...TICKET_CATEGORIES), allowNull: false },
      priority: { type: DataTypes.ENUM(...TICKET_PRIORITIES), allowNull: false },
      status: { type: DataTypes.ENUM(...TICKET_STATUSES), allowNull: false, defaultValue: 'open' },
      assigneeId: bigint(true),
      assignedAt: date(true),
      firstResponseDueAt: date(false),
      slaAlertAt: date(false),
      firstRespondedAt: date(true),
      firstResponseSeconds: { type: DataTypes.INTEGER, allowNull: true },
      slaAlerted: flag(),
      slaAlertedAt: date(true),
      slaBreached: flag(),
      slaBreachedAt: date(true),
      escalatedAt: date(true),
      escalatedBy: bigint(true),
      escalationReason: text(2000, true),
      resolvedAt: date(true),
      resolvedBy: bigint(true),
      closedAt: date(true),
      closedBy: bigint(true),
      lastCustomerReplyAt: date(true),
      lastStaffReplyAt: date(true),
      messageCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'tickets', modelName: 'SupportTicket' },
  );
  SupportTicketMessage.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      ticketId: bigint(false),
      authorId: bigint(true),
      authorRole: text(20, false),
      body: text(MAX_BODY_LENGTH, false),
      internal: flag(),
      cannedReplyId: bigint(true),
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'ticket_messages', modelName: 'SupportTicketMessage', updatedAt: false },
  );
  SupportTicketAttachment.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      ticketId: bigint(false),
      messageId: bigint(false),
      originalName: text(255, false),
      fileType: text(20, false),
      contentType: text(120, false),
      sizeBytes: { type: DataTypes.BIGINT, allowNull: false },
      sha256: { type: DataTypes.CHAR(64), allowNull: false },
      storageKey: text(500, false),
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'ticket_attachments', modelName: 'SupportTicketAttachment', updatedAt: false },
  );
  SupportCannedReply.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      title: text(120, false),
      body: text(MAX_BODY_LENGTH, false),
      category: { type: DataTypes.ENUM(...TICKET_CATEGORIES), allowNull: true },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      createdBy: bigint(true),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'canned_replies', modelName: 'SupportCannedReply' },
  );
  SupportTicket.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });
  SupportTicket.belongsTo(User, { foreignKey: 'requesterId', as: 'requester' });
  SupportTicket.belongsTo(User, { foreignKey: 'assigneeId', as: 'assignee' });
  SupportTicket.belongsTo(Order, { foreignKey: 'orderId', as: 'order' });
  SupportTicketMessage.belongsTo(SupportTicket, { foreignKey: 'ticketId', as: 'ticket' });
  SupportTicketAttachment.belongsTo(SupportTicketMessage, { foreignKey: 'messageId', as: 'message' });
  SupportCannedReply.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });
}
