import type { Actor } from '../../platform/actor.js';
import { screenFileNameForCounterparty } from '../screening.js';
import type { OrderFile } from './models.js';
import type { FileCategory, OrderParty } from './rules.js';

/** A file as the API shows it: no storage key; the uploader by role (staff also see the user id). */
export interface OrderFileView {
  id: number;
  orderId: number;
  category: FileCategory;
  name: string;
  type: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: { role: string; you: boolean; userId?: number | null };
  createdAt: string;
}

const STAFF_ROLES = new Set(['support', 'admin', 'superadmin', 'system']);

/**
 * The file's name as the viewer reads it (and the browser saves it): a client or writer reads a
 * name the other party chose with contact details masked; staff and the uploader read it as given.
 */
export function fileNameFor(
  file: Pick<OrderFile, 'originalName' | 'uploadedBy' | 'uploaderRole'>,
  party: OrderParty,
  actor: Actor,
): string {
  const own = actor.userId !== null && file.uploadedBy === actor.userId;
  if (party === 'staff' || own || STAFF_ROLES.has(file.uploaderRole)) return file.originalName;
  return screenFileNameForCounterparty(file.originalName);
}

export function serializeOrderFile(file: OrderFile, party: OrderParty, actor: Actor): OrderFileView {
  return {
    id: file.id,
    orderId: file.orderId,
    category: file.category,
    name: fileNameFor(file, party, actor),
    type: file.fileType,
    contentType: file.contentType,
    sizeBytes: file.sizeBytes,
    sha256: file.sha256,
    uploadedBy: {
      role: file.uploaderRole,
      you: actor.userId !== null && file.uploadedBy === actor.userId,
      ...(party === 'staff' ? { userId: file.uploadedBy } : {}),
    },
    createdAt: file.createdAt.toISOString(),
  };
}
