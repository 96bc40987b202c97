import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { ACCOUNT_KINDS, TRANSACTION_KINDS, type AccountKind, type OwnerType, type TransactionKind } from './rules.js';

/**
 * Read models of the ledger (the back office lists them; services read through them). Writes go
 * through src/ledger/service/post.ts only, in raw SQL under row locks; the database refuses any
 * UPDATE or DELETE of transactions and entries.
 */
export class LedgerAccount extends Model<InferAttributes<LedgerAccount>, InferCreationAttributes<LedgerAccount>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare currency: string;
  declare kind: AccountKind;
  declare ownerType: OwnerType | null;
  declare ownerId: number | null;
  declare balanceCents: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
}

export class LedgerTransaction extends Model<InferAttributes<LedgerTransaction>, InferCreationAttributes<LedgerTransaction>> {
  declare id: CreationOptional<number>;
  declare websiteId: number;
  declare currency: string;
  declare kind: TransactionKind;
  declare referenceType: string | null;
  declare referenceId: string | null;
  declare actorUserId: number | null;
  declare memo: string | null;
  declare idempotencyKey: string;
  declare inputHash: string;
  declare reversesTransactionId: number | null;
  declare createdAt: CreationOptional<Date>;
}

export class LedgerEntry extends Model<InferAttributes<LedgerEntry>, InferCreationAttributes<LedgerEntry>> {
  declare id: CreationOptional<number>;
  declare transactionId: number;
  declare accountId: number;
  declare amountCents: number;
  declare balanceAfterCents: number;
  declare createdAt: CreationOptional<Date>;
}

const bigint = (allowNull: boolean) => ({ type: DataTypes.BIGINT, allowNull });

export function initLedgerModels(sequelize: Sequelize): void {
  LedgerAccount.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      // ENUM here (VARCHAR + CHECK in the database) so the back office offers the kinds as choices.
      kind: { type: DataTypes.ENUM(...ACCOUNT_KINDS), allowNull: false },
      ownerType: { type: DataTypes.ENUM('user', 'order'), allowNull: true },
      ownerId: bigint(true),
      balanceCents: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'ledger_accounts', modelName: 'LedgerAccount', updatedAt: false },
  );
  LedgerTransaction.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      websiteId: bigint(false),
      currency: { type: DataTypes.CHAR(3), allowNull: false },
      kind: { type: DataTypes.ENUM(...TRANSACTION_KINDS), allowNull: false },
      referenceType: { type: DataTypes.STRING(40), allowNull: true },
      referenceId: { type: DataTypes.STRING(120), allowNull: true },
      actorUserId: bigint(true),
      memo: { type: DataTypes.STRING(500), allowNull: true },
      idempotencyKey: { type: DataTypes.STRING(200), allowNull: false },
      inputHash: { type: DataTypes.CHAR(64), allowNull: false },
      reversesTransactionId: bigint(true),
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'ledger_transactions', modelName: 'LedgerTransaction', updatedAt: false },
  );
  LedgerEntry.init(
    {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
      transactionId: bigint(false),
      accountId: bigint(false),
      amountCents: { type: DataTypes.BIGINT, allowNull: false },
      balanceAfterCents: { type: DataTypes.BIGINT, allowNull: false },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'ledger_entries', modelName: 'LedgerEntry', updatedAt: false },
  );
}
