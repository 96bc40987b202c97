import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A subject a writer is qualified for (subject gating); codes are the price list's subject codes. */
export class WriterSubject extends Model<InferAttributes<WriterSubject>, InferCreationAttributes<WriterSubject>> {
  declare writerId: number;
  declare websiteId: number;
  declare subjectCode: string;
  declare grantedBy: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
}

export function initWriterSubjectModels(sequelize: Sequelize): void {
  WriterSubject.init(
    {
      writerId: { type: DataTypes.BIGINT, allowNull: false, primaryKey: true },
      websiteId: { type: DataTypes.BIGINT, allowNull: false },
      subjectCode: { type: DataTypes.STRING(60), allowNull: false, primaryKey: true },
      grantedBy: { type: DataTypes.BIGINT, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'writer_subjects', modelName: 'WriterSubject', updatedAt: false },
  );
}
