import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { type DiscountSummary, DiscountUsage } from '../discounts/index.js';
import { User } from '../identity/index.js';
import { type Quote, type Spacing, SPACINGS } from '../pricing/index.js';
import { Website } from '../tenancy/index.js';
import { ORDER_STATUSES, type OrderStatus } from './rules.js';

export const ORDER_VISIBILITIES = ['pool', 'preferred_writer_only', 'hidden'] as const;
export type OrderVisibility = (typeof ORDER_VISIBILITIES)[number];

export interface CancellationDecision {
  decidedBy: number | null;
  outcome: 'cancelled' | 'kept';
  refundCents: number;
  forfeitCents: number;
  reason: string;
}

export class Order extends Model<InferAttributes<Order>, InferCreationAttributes<Order>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare number: string;
  declare clientId: number | null;
  declare writerId: CreationOptional<number | null>;
  declare preferredWriterId: CreationOptional<number | null>;
  declare status: CreationOptional<OrderStatus>;
  declare previousStatus: CreationOptional<OrderStatus | null>;
  declare visibility: CreationOptional<OrderVisibility>;
  declare topic: CreationOptional<string | null>;
  declare instructions: CreationOptional<string | null>;
  declare paperType: CreationOptional<string | null>;
  declare workType: CreationOptional<string>;
  declare academicLevel: CreationOptional<string | null>;
  declare subject: CreationOptional<string | null>;
  declare pages: CreationOptional<number | null>;
  declare spacing: CreationOptional<Spacing>;
  declare slides: CreationOptional<number>;
  declare charts: CreationOptional<number>;
  declare sourcesCount: CreationOptional<number>;
  declare citationStyle: CreationOptional<string | null>;
  declare writerLevel: CreationOptional<string>;
  declare extraServices: CreationOptional<string[]>;
  declare deadline: CreationOptional<Date | null>;
  declare writerDeadline: CreationOptional<Date | null>;
  declare requiresEditing: CreationOptional<boolean>;
  declare priceListId: CreationOptional<number | null>;
  /** The frozen quote, with the discounts applied at submit (each source) when there were any. */
  declare priceBreakdown: CreationOptional<(Quote & { discounts?: DiscountSummary }) | null>;
  declare discountCode: CreationOptional<string | null>;
  declare currency: string;
  declare totalCents: CreationOptional<number | null>;
  declare paidCents: CreationOptional<number>;
  declare placedAt: CreationOptional<Date | null>;
  declare paidAt: CreationOptional<Date | null>;
  declare publishedAt: CreationOptional<Date | null>;
  declare assignedAt: CreationOptional<Date | null>;
  /** What the writer is paid by, frozen at assignment (src/writers/rules.ts RateCard; the writers area owns its shape). */
  declare writerRateCard: CreationOptional<Record<string, unknown> | null>;
  declare deliveredAt: CreationOptional<Date | null>;
  declare completedAt: CreationOptional<Date | null>;
  declare cancelledAt: CreationOptional<Date | null>;
  declare archivedAt: CreationOptional<Date | null>;
  declare overdueAt: CreationOptional<Date | null>;
  declare stuckAt: CreationOptional<Date | null>;
  declare lastActivityAt: CreationOptional<Date>;
  declare cancellationDecision: CreationOptional<CancellationDecision | null>;
  declare createdBy: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class OrderEvent extends Model<InferAttributes<OrderEvent>, InferCreationAttributes<OrderEvent>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare websiteId: number;
  declare actorUserId: number | null;
  declare actorRole: string;
  declare action: string;
  declare fromStatus: OrderStatus | null;
  declare toStatus: OrderStatus | null;
  declare note: CreationOptional<string | null>;
  declare data: CreationOptional<Record<string, unknown> | null>;
  declare createdAt: CreationOptional<Date>;
}

export const WRITER_REQUEST_KINDS = ['request', 'invitation'] as const;
/** went_elsewhere: another writer got the order (an approved request, an assignment or a take) — not the writer's doing. */
export const WRITER_REQUEST_STATUSES = ['open', 'accepted', 'declined', 'withdrawn', 'expired', 'went_elsewhere'] as const;
export type WriterRequestStatus = (typeof WRITER_REQUEST_STATUSES)[number];

export class WriterRequest extends Model<InferAttributes<WriterRequest>, InferCreationAttributes<WriterRequest>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare writerId: number;
  declare kind: (typeof WRITER_REQUEST_KINDS)[number];
  declare status: CreationOptional<WriterRequestStatus>;
  declare note: CreationOptional<string | null>;
  declare expiresAt: CreationOptional<Date | null>;
  /** Who closed the request (staff approving or declining, or whoever gave the order to another writer), when and why. */
  declare decidedBy: CreationOptional<number | null>;
  declare decidedAt: CreationOptional<Date | null>;
  declare decisionReason: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export const WRITER_PREFERENCE_KINDS = ['favourite', 'blocked'] as const;

export class ClientWriterPreference extends Model<
  InferAttributes<ClientWriterPreference>,
  InferCreationAttributes<ClientWriterPreference>
> {
  declare clientId: number;
  declare writerId: number;
  declare kind: (typeof WRITER_PREFERENCE_KINDS)[number];
  declare createdAt: CreationOptional<Date>;
}

const bigintRef = (allowNull: boolean) => ({ type: DataTypes.BIGINT, allowNull });

export function initOrderModels(sequelize: Sequelize): void {
  Order.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigintRef(false),
      number: { type: DataTypes.STRING(20), allowNull: false },
      clientId: bigintRef(true),
      writerId: bigintRef(true),
      preferredWriterId: bigintRef(true),
      status: { type: DataTypes.ENUM(...ORDER_STATUSES), allowNull: false, defaultValue: 'draft' },
      previousStatus: { type: DataTypes.ENUM(...ORDER_STATUSES), allowNull: true },
      visibility: { type: DataTypes.ENUM(...ORDER_VISIBILITIES), allowNull: false, defaultValue: 'pool' },
      topic: { type: DataTypes.STRING(300), allowNull: true },
      instructions: { type: DataTypes.TEXT, allowNull: true },
      paperType: { type: DataTypes.STRING(60), allowNull: true },
      workType: { type: DataTypes.STRING(60), allowNull: false, defaultValue: 'writing' },
      academicLevel: { type: DataTypes.STRING(60), allowNull: true },
      subject: { type: DataTypes.STRING(60), allowNull: true },
      pages: { type: DataTypes.INTEGER, allowNull: true },
      spacing: { type: DataTypes.ENUM(...SPACINGS), allowNull: false, defaultValue: 'double' },
      slides: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      charts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      sourcesCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      citationStyle: { type: DataTypes.STRING(30), allowNull: true },
      writerLevel: { type: DataTypes.STRING(60), allowNull: false, defaultValue: 'standard' },
      extraServices: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false, defaultValue: [] },
      deadline: { type: DataTypes.DATE, allowNull: true },
      writerDeadline: { type: DataTypes.DATE, allowNull: true },
      requiresEditing: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      priceListId: bigintRef(true),
      priceBreakdown: { type: DataTypes.JSONB, allowNull: true },
      discountCode: { type: DataTypes.STRING(40), allowNull: true },
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      totalCents: { type: DataTypes.BIGINT, allowNull: true },
      paidCents: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      placedAt: { type: DataTypes.DATE, allowNull: true },
      paidAt: { type: DataTypes.DATE, allowNull: true },
      publishedAt: { type: DataTypes.DATE, allowNull: true },
      assignedAt: { type: DataTypes.DATE, allowNull: true },
      writerRateCard: { type: DataTypes.JSONB, allowNull: true },
      deliveredAt: { type: DataTypes.DATE, allowNull: true },
      completedAt: { type: DataTypes.DATE, allowNull: true },
      cancelledAt: { type: DataTypes.DATE, allowNull: true },
      archivedAt: { type: DataTypes.DATE, allowNull: true },
      overdueAt: { type: DataTypes.DATE, allowNull: true },
      stuckAt: { type: DataTypes.DATE, allowNull: true },
      lastActivityAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
      cancellationDecision: { type: DataTypes.JSONB, allowNull: true },
      createdBy: bigintRef(true),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'orders', modelName: 'Order' },
  );

  OrderEvent.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      orderId: bigintRef(false),
      websiteId: bigintRef(false),
      actorUserId: bigintRef(true),
      actorRole: { type: DataTypes.STRING(16), allowNull: false },
      action: { type: DataTypes.STRING(40), allowNull: false },
      fromStatus: { type: DataTypes.ENUM(...ORDER_STATUSES), allowNull: true },
      toStatus: { type: DataTypes.ENUM(...ORDER_STATUSES), allowNull: true },
      note: { type: DataTypes.STRING(2000), allowNull: true },
      data: { type: DataTypes.JSONB, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'order_events', modelName: 'OrderEvent', updatedAt: false },
  );

  WriterRequest.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      orderId: bigintRef(false),
      writerId: bigintRef(false),
      kind: { type: DataTypes.ENUM(...WRITER_REQUEST_KINDS), allowNull: false },
      status: { type: DataTypes.ENUM(...WRITER_REQUEST_STATUSES), allowNull: false, defaultValue: 'open' },
      note: { type: DataTypes.STRING(1000), allowNull: true },
      expiresAt: { type: DataTypes.DATE, allowNull: true },
      decidedBy: bigintRef(true),
      decidedAt: { type: DataTypes.DATE, allowNull: true },
      decisionReason: { type: DataTypes.STRING(1000), allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'writer_requests', modelName: 'WriterRequest' },
  );

  ClientWriterPreference.init(
    {
      clientId: { type: DataTypes.BIGINT, allowNull: false, primaryKey: true },
      writerId: { type: DataTypes.BIGINT, allowNull: false, primaryKey: true },
      kind: { type: DataTypes.ENUM(...WRITER_PREFERENCE_KINDS), allowNull: false },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'client_writer_preferences', modelName: 'ClientWriterPreference', updatedAt: false },
  );

  Order.belongsTo(Website, { foreignKey: 'websiteId', as: 'website' });
  Order.belongsTo(User, { foreignKey: 'clientId', as: 'client' });
  Order.belongsTo(User, { foreignKey: 'writerId', as: 'writer' });
  Order.belongsTo(User, { foreignKey: 'preferredWriterId', as: 'preferredWriter' });
  Order.hasMany(OrderEvent, { foreignKey: 'orderId', as: 'events' });
  OrderEvent.belongsTo(Order, { foreignKey: 'orderId', as: 'order' });
  Order.hasMany(WriterRequest, { foreignKey: 'orderId', as: 'writerRequests' });
  WriterRequest.belongsTo(Order, { foreignKey: 'orderId', as: 'order' });
  WriterRequest.belongsTo(User, { foreignKey: 'writerId', as: 'writer' });
  // Discounts sit below orders: the link from a code's usage to its order is made here (discounts' models are initialised first).
  DiscountUsage.belongsTo(Order, { foreignKey: 'orderId', as: 'order' });
}
