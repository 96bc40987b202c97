import { createHash } from 'node:crypto';
import { Op } from 'sequelize';
import { uploadLimitOf } from '../../orders/files/index.js';
import type { Actor } from '../../platform/actor.js';
import { ctx } from '../../platform/context.js';
import { AppError, NotFound, ValidationFailed } from '../../platform/errors.js';
import { sanitiseFileName } from '../../platform/storage/file-types.js';
import { newObjectKey, storage, type SignedUrl } from '../../platform/storage/index.js';
import { sniffUpload } from '../../platform/storage/sniff.js';
import { settingsOf, Website } from '../../tenancy/index.js';
import { SupportTicketAttachment, SupportTicketMessage } from '../models.js';
import { MAX_ATTACHMENTS } from '../rules.js';
import { visibleTicket } from './common.js';

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

export interface AttachmentView {
  id: number;
  name: string;
  type: string;
  contentType: string;
  sizeBytes: number;
}

/**
 * Checks and stores a ticket message's files before its transaction, with the order files' checks
 * (the website's size limit and allowed types, content sniffed): 413 too big, 400 naming `files`
 * otherwise. The caller removes them with `discardAttachments` if the transaction fails.
 */
export async function storeAttachments(websiteId: number, uploads: readonly AttachmentUpload[]): Promise<StoredAttachment[]> {
  if (!uploads.length) return [];
  if (uploads.length > MAX_ATTACHMENTS) throw ValidationFailed({ files: `send at most ${MAX_ATTACHMENTS} files with a message` });
  const website = await Website.findByPk(websiteId);
  if (!website) throw NotFound('Website');
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
      const key = newObjectKey(['websites', websiteId, 'support']);
      await storage().put(key, upload.bytes, mime);
      const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
      stored.push({ name, type, mime, sizeBytes: upload.bytes.length, sha256, key });
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
      .catch((err: unknown) => ctx().logger.error({ err, key: file.key }, 'removing an orphaned ticket attachment failed'));
  }
}

/** The rows of a message's stored files, in the message's transaction. */
export async function saveAttachments(message: SupportTicketMessage, stored: readonly StoredAttachment[]): Promise<void> {
  if (!stored.length) return;
  await SupportTicketAttachment.bulkCreate(
    stored.map((f) => ({
      websiteId: message.websiteId,
      ticketId: message.ticketId,
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

/** Attachments per message id, for serializing a thread. */
export async function attachmentsOf(messageIds: number[]): Promise<Map<number, AttachmentView[]>> {
  const byMessage = new Map<number, AttachmentView[]>();
  if (!messageIds.length) return byMessage;
  const rows = await SupportTicketAttachment.findAll({ where: { messageId: { [Op.in]: messageIds } }, order: [['id', 'ASC']] });
  for (const r of rows) {
    const view = { id: r.id, name: r.originalName, type: r.fileType, contentType: r.contentType, sizeBytes: r.sizeBytes };
    byMessage.set(r.messageId, [...(byMessage.get(r.messageId) ?? []), view]);
  }
  return byMessage;
}

/**
 * A short-lived download URL for a file of a ticket message the actor sees: the customer only
 * files of public messages of their own ticket; staff any of their website's. Else 404.
 */
export async function createTicketAttachmentUrl(
  actor: Actor,
  ticketId: number,
  messageId: number,
  attachmentId: number,
): Promise<SignedUrl> {
  const ticket = await visibleTicket(actor, ticketId);
  const customer = actor.role === 'client' || actor.role === 'writer';
  const message = await SupportTicketMessage.findOne({
    where: { id: messageId, ticketId: ticket.id, ...(customer ? { internal: false } : {}) },
  });
  const file = message ? await SupportTicketAttachment.findOne({ where: { id: attachmentId, messageId: message.id } }) : null;
  if (!file) throw NotFound('Attachment');
  return storage().signedDownloadUrl(file.storageKey, {
    fileName: file.originalName,
    contentType: file.contentType,
    websiteId: ticket.websiteId,
  });
}

/** Whether a ticket attachment holds this stored object (the signed download's liveness check asks). */
export async function ticketAttachmentHoldsStoredObject(storageKey: string, websiteId: number): Promise<boolean> {
  return (await SupportTicketAttachment.count({ where: { storageKey, websiteId } })) > 0;
}
