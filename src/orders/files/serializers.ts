import type { Actor } from '../../platform/actor.js';
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

export function serializeOrderFile(file: OrderFile, party: OrderParty, actor: Actor): OrderFileView {
  return {
    id: file.id,
    orderId: file.orderId,
    category: file.category,
    name: file.originalName,
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
