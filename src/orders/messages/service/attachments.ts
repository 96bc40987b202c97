import { createHash } from 'node:crypto';
import { Op } from 'sequelize';
import type { Actor } from '../../../platform/actor.js';
import { ctx } from '../../../platform/context.js';
import { AppError, NotFound, ValidationFailed } from '../../../platform/errors.js';
import { sanitiseFileName } from '../../../platform/storage/file-types.js';
import { newObjectKey, storage, type SignedUrl } from '../../../platform/storage/index.js';
import { sniffUpload } from '../../../platform/storage/sniff.js';
import { settingsOf, Website } from '../../../tenancy/index.js';
import { uploadLimitOf } from '../../files/index.js';
import type { Order } from '../../models.js';
import { MessageAttachment, OrderMessage } from '../models.js';
import type { ThreadKind } from '../rules.js';
import { screenFileNameForCounterparty } from '../../screening.js';
import { speakerOf, type AttachmentView } from '../serializers.js';
import { threadForActor } from './access.js';
import { visibleTo } from './visibility.js';

export const MAX_ATTACHMENTS = 5;

export interface AttachmentUpload {
  fileName: string;
  bytes: Uint8Array;
}

export interface StoredAttachment {
  name: string;
  type: string;
  mime: string;
  sizeBytes: number;
  sha256: string;
  key: string;
}

/**
 * Checks and stores a message's files before its transaction, with the order files' limits
 * (per-website size and types, content sniffed): 413 too big, 400 naming `files` otherwise.
 * The caller removes them with `discardAttachments` if the transaction fails.
 */
export async function storeAttachments(order: Order, uploads: readonly AttachmentUpload[]): Promise<StoredAttachment[]> {
  if (!uploads.length) return [];
  if (uploads.length > MAX_ATTACHMENTS) throw ValidationFailed({ files: `send at most ${MAX_ATTACHMENTS} files with a message` });
  const website = await Website.findByPk(order.websiteId);
  if (!website) throw NotFound('Order');
  const limit = uploadLimitOf(website);
  const checked = [];
  for (const upload of uploads) {
    if (upload.bytes.length > limit)
      throw new AppError('payload_too_large', `A file is larger than the limit of ${limit} bytes`, {
        files: `must be at most ${limit} bytes each`,
      });
    const name = sanitiseFileName(upload.fileName);
    const sniffed = await sniffUpload(name, upload.bytes, settingsOf(website).uploadAllowedTypes);
    if (!sniffed.ok) throw ValidationFailed({ files: `${name}: ${sniffed.message}` }, sniffed.message);
    checked.push({ upload, name, type: sniffed.type, mime: sniffed.mime });
  }
  const stored: StoredAttachment[] = [];
  try {
    for (const { upload, name, type, mime } of checked) {
      const key = newObjectKey(['websites', order.websiteId, 'orders', order.id, 'messages']);
      await storage().put(key, upload.bytes, mime);
      stored.push({
        name,
        type,
        mime,
        sizeBytes: upload.bytes.length,
        sha256: createHash('sha256').update(upload.bytes).digest('hex'),
        key,
      });
    }
  } catch (err) {
    await discardAttachments(stored);
    throw err;
  }
  return stored;
}

export async function discardAttachments(stored: readonly StoredAttachment[]): Promise<void> {
  for (const file of stored) {
    await storage()
      .remove(file.key)
      .catch((err: unknown) => ctx().logger.error({ err, key: file.key }, 'removing an orphaned attachment failed'));
  }
}

/** The rows of a message's stored files, in the message's transaction. */
export async function saveAttachments(message: OrderMessage, stored: readonly StoredAttachment[]): Promise<void> {
  if (!stored.length) return;
  await MessageAttachment.bulkCreate(
    stored.map((f) => ({
      websiteId: message.websiteId,
      messageId: message.id,
      originalName: f.name,
      fileType: f.type,
      contentType: f.mime,
      sizeBytes: f.sizeBytes,
      sha256: f.sha256,
      storageKey: f.key,
    })),
  );
}

/** Attachments per message id, for serializing a page. */
export async function attachmentsOf(messageIds: number[]): Promise<Map<number, AttachmentView[]>> {
  const byMessage = new Map<number, AttachmentView[]>();
  if (!messageIds.length) return byMessage;
  const rows = await MessageAttachment.findAll({ where: { messageId: { [Op.in]: messageIds } }, order: [['id', 'ASC']] });
  for (const r of rows) {
    const view = { id: r.id, name: r.originalName, type: r.fileType, contentType: r.contentType, sizeBytes: r.sizeBytes };
    byMessage.set(r.messageId, [...(byMessage.get(r.messageId) ?? []), view]);
  }
  return byMessage;
}

/** A short-lived download URL for an attachment of a message the actor sees; else 404. */
export async function createAttachmentDownloadUrl(
  actor: Actor,
  orderId: number,
  kind: ThreadKind,
  messageId: number,
  attachmentId: number,
): Promise<SignedUrl> {
  const target = await threadForActor(actor, orderId, kind);
  const message = target.thread
    ? await OrderMessage.findOne({ where: { id: messageId, threadId: target.thread.id, ...visibleTo(target.party, actor.userId) } })
    : null;
  const file = message ? await MessageAttachment.findOne({ where: { id: attachmentId, messageId: message.id } }) : null;
  if (!file || !message) throw NotFound('Attachment');
  // The name the browser saves it under is screened for the other party, as the name in the thread is.
  const forOtherParty =
    target.party !== 'staff' &&
    kind === 'client_writer' &&
    message.authorId !== actor.userId &&
    speakerOf(target.order, undefined, message.authorRole) !== 'support';
  const fileName = forOtherParty ? screenFileNameForCounterparty(file.originalName) : file.originalName;
  return storage().signedDownloadUrl(file.storageKey, { fileName, contentType: file.contentType, websiteId: target.order.websiteId });
}

/** Whether a message attachment holds this stored object (the signed download's liveness check asks). */
export async function attachmentHoldsStoredObject(storageKey: string, websiteId: number): Promise<boolean> {
  return (await MessageAttachment.count({ where: { storageKey, websiteId } })) > 0;
}
