import { createHash } from 'node:crypto';
import { recordAudit } from '../../audit/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { ctx } from '../../platform/context.js';
import { currentTransaction, inTransaction } from '../../platform/database.js';
import { AppError, Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.js';
import { sanitiseFileName } from '../../platform/storage/file-types.js';
import { newObjectKey, storage, type SignedUrl } from '../../platform/storage/index.js';
import { sniffUpload } from '../../platform/storage/sniff.js';
import { settingsOf, Website } from '../../tenancy/index.js';
import { Order } from '../models.js';
import { recordOrderEvent } from '../service/lifecycle.js';
import { OrderFile } from './models.js';
import { orderPartyOf } from './policy.js';
import {
  canSeeFile,
  decideDelete,
  decideUpload,
  MAX_FILES_PER_ORDER,
  type FileCategory,
  type OrderParty,
  type UploadDecision,
} from './rules.js';
import { fileNameFor, serializeOrderFile, type OrderFileView } from './serializers.js';

export interface UploadInput {
  category: FileCategory;
  /** The name the client sent (sanitised here). */
  fileName: string;
  bytes: Uint8Array;
}

/** The order with the actor's part in it; 404 when they have none (never 403: existence stays hidden). */
async function orderWithParty(actor: Actor, orderId: number, lock: boolean): Promise<{ order: Order; party: OrderParty }> {
  const transaction = currentTransaction();
  const order = await Order.findByPk(orderId, lock && transaction ? { lock: transaction.LOCK.UPDATE } : {});
  const party = order ? await orderPartyOf(actor, order) : null;
  if (!order || !party) throw NotFound('Order');
  return { order, party };
}

function enforce(decision: UploadDecision, order: Order): void {
  if (decision.ok) return;
  if (decision.reason === 'forbidden') throw Forbidden(decision.message);
  throw Conflict(decision.message, { currentStatus: order.status });
}

/** The largest upload the website accepts, within the process-wide ceiling. */
export function uploadLimitOf(website: Pick<Website, 'settings'>): number {
  return Math.min(settingsOf(website).uploadMaxBytes, ctx().config.UPLOAD_MAX_BYTES);
}

/** Size, type and content checks: 413 too big, 400 naming `file` for a forbidden or mismatched type. */
async function checkContent(order: Order, input: UploadInput): Promise<{ name: string; type: string; mime: string }> {
  const website = await Website.findByPk(order.websiteId);
  if (!website) throw NotFound('Order');
  const limit = uploadLimitOf(website);
  if (input.bytes.length > limit) {
    throw new AppError('payload_too_large', `The file is larger than the limit of ${limit} bytes`, {
      file: `must be at most ${limit} bytes`,
    });
  }
  const name = sanitiseFileName(input.fileName);
  const sniffed = await sniffUpload(name, input.bytes, settingsOf(website).uploadAllowedTypes);
  if (!sniffed.ok) throw ValidationFailed({ file: sniffed.message }, sniffed.message);
  return { name, type: sniffed.type, mime: sniffed.mime };
}

/**
 * Adds a file to an order. Everything that needs no write is checked first; then the object is
 * stored, then the row, audit and timeline are written in one transaction (which checks the
 * rights again on the locked order). If the transaction fails, the object is removed: a file
 * exists in both places or in neither.
 */
export async function uploadOrderFile(actor: Actor, orderId: number, input: UploadInput): Promise<OrderFileView> {
  const first = await orderWithParty(actor, orderId, false);
  enforce(decideUpload(first.party, input.category, first.order.status), first.order);
  const content = await checkContent(first.order, input);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const key = newObjectKey(['websites', first.order.websiteId, 'orders', first.order.id]);
  const store = storage();
  await store.put(key, input.bytes, content.mime);
  try {
    return await inTransaction(async () => {
      const { order, party } = await orderWithParty(actor, orderId, true);
      enforce(decideUpload(party, input.category, order.status), order);
      if ((await OrderFile.count({ where: { orderId, deletedAt: null } })) >= MAX_FILES_PER_ORDER) {
        throw Conflict(`An order holds at most ${MAX_FILES_PER_ORDER} files; delete some first`);
      }
      const file = await OrderFile.create({
        websiteId: order.websiteId,
        orderId: order.id,
        uploadedBy: actor.userId,
        uploaderRole: actor.role,
        category: input.category,
        originalName: content.name,
        fileType: content.type,
        contentType: content.mime,
        sizeBytes: input.bytes.length,
        sha256,
        storageKey: key,
        // The clock's time, as the delivery's: a deliverable counts as delivered when it is no newer than the delivery.
        createdAt: clock.now(),
      });
      const facts = {
        orderId: order.id,
        category: file.category,
        name: file.originalName,
        type: file.fileType,
        sizeBytes: file.sizeBytes,
        sha256,
      };
      await recordAudit(actor, {
        action: 'order_file.upload',
        targetType: 'order_file',
        targetId: file.id,
        websiteId: order.websiteId,
        after: facts,
      });
      await recordOrderEvent(actor, order, 'file_uploaded', { fileId: file.id, category: file.category, name: file.originalName });
      await order.update({ lastActivityAt: clock.now() });
      return serializeOrderFile(file, party, actor);
    });
  } catch (err) {
    await store
      .remove(key)
      .catch((removeErr: unknown) => ctx().logger.error({ err: removeErr, key }, 'removing an orphaned upload failed'));
    throw err;
  }
}

/** The order's live files the actor may see, newest first (at most MAX_FILES_PER_ORDER exist). */
export async function listOrderFiles(actor: Actor, orderId: number): Promise<{ items: OrderFileView[] }> {
  const { order, party } = await orderWithParty(actor, orderId, false);
  const files = await OrderFile.findAll({
    where: { orderId: order.id, deletedAt: null },
    order: [
      ['createdAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: MAX_FILES_PER_ORDER,
  });
  return { items: files.filter((f) => canSeeFile(party, f, order)).map((f) => serializeOrderFile(f, party, actor)) };
}

async function visibleFile(actor: Actor, orderId: number, fileId: number, lock: boolean) {
  const { order, party } = await orderWithParty(actor, orderId, lock);
  const transaction = currentTransaction();
  const file = await OrderFile.findOne({
    where: { id: fileId, orderId: order.id, deletedAt: null },
    ...(lock && transaction ? { lock: transaction.LOCK.UPDATE } : {}),
  });
  if (!file || !canSeeFile(party, file, order)) throw NotFound('File');
  return { order, party, file };
}

/**
 * A short-lived URL that downloads one file: whoever may see the file gets one (a client gets a
 * final file only once the order is paid in full); everyone else gets 404.
 */
export async function createFileDownloadUrl(actor: Actor, orderId: number, fileId: number): Promise<SignedUrl> {
  const { order, party, file } = await visibleFile(actor, orderId, fileId, false);
  return storage().signedDownloadUrl(file.storageKey, {
    fileName: fileNameFor(file, party, actor),
    contentType: file.contentType,
    websiteId: order.websiteId,
  });
}

/** Another holder of stored objects (a message's attachments): whether it holds this one. */
export type StoredObjectHolder = (storageKey: string, websiteId: number) => Promise<boolean>;
const otherHolders = new Set<StoredObjectHolder>();

/**
 * Registers another holder of stored objects (src/wiring.ts: the messages' attachments), so the
 * files sub-area asks it without importing it. Registering the same function again adds nothing.
 */
export function registerStoredObjectHolder(holder: StoredObjectHolder): void {
  otherHolders.add(holder);
}

/**
 * Whether a stored object still belongs to a live file of the website: an order file neither
 * deleted nor purged, or an object another holder keeps (message attachments are never deleted).
 * The signed download asks this on every use, so deleting a file ends the links already handed
 * out for it.
 */
export async function storedFileIsLive(storageKey: string, websiteId: number): Promise<boolean> {
  if ((await OrderFile.count({ where: { storageKey, websiteId, deletedAt: null, purgedAt: null } })) > 0) return true;
  for (const holds of otherHolders) if (await holds(storageKey, websiteId)) return true;
  return false;
}

/**
 * Soft-deletes a file: it leaves every list and download at once; the row stays for the audit
 * trail (links handed out before stop working: storedFileIsLive), the stored object for FILE_RETENTION_DAYS (disputes), then the purge job removes it
 * (purge.ts). Staff may delete any file, the uploader theirs while they could still add it.
 */
export async function deleteOrderFile(actor: Actor, orderId: number, fileId: number): Promise<void> {
  await inTransaction(async () => {
    const { order, party, file } = await visibleFile(actor, orderId, fileId, true);
    enforce(decideDelete(party, file, actor.userId, order.status), order);
    await file.update({ deletedAt: clock.now(), deletedBy: actor.userId });
    await recordAudit(actor, {
      action: 'order_file.delete',
      targetType: 'order_file',
      targetId: file.id,
      websiteId: order.websiteId,
      before: { deletedAt: null },
      after: { deletedAt: file.deletedAt!.toISOString(), orderId: order.id, category: file.category, name: file.originalName },
    });
    await recordOrderEvent(actor, order, 'file_deleted', { fileId: file.id, category: file.category, name: file.originalName });
  });
}
