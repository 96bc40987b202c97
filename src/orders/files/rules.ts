import type { OrderStatus } from '../rules.js';

/**
 * Pure rules of order files: the categories, when each may be added, who sees which. No I/O.
 *
 * - instructions: the client's brief (and staff's additions); everyone on the order sees them.
 * - draft: the writer's work in progress; the writer, editors and staff see it, never the client.
 * - final: the delivered work; the client sees it only once the order is paid in full.
 * - revision: the client's revision notes, or the writer's revised work (which, like a final
 *   file, reaches the client only once paid in full).
 * - admin: staff's own files; staff only.
 */
export const FILE_CATEGORIES = ['instructions', 'draft', 'final', 'revision', 'admin'] as const;
export type FileCategory = (typeof FILE_CATEGORIES)[number];

/** How an actor stands to an order: the party decides what they may add and see. */
export type OrderParty = 'client' | 'writer' | 'editor' | 'staff';

/** The writer works on (and uploads to) the order in these statuses. */
export const WRITER_WORK_STATUSES = ['in_progress', 'revision_requested', 'under_editing'] as const satisfies readonly OrderStatus[];
/** The client sends revision notes once the work is delivered, or with the revision request. */
export const CLIENT_REVISION_STATUSES = ['submitted', 'revision_requested'] as const satisfies readonly OrderStatus[];
/** No more files from the client or writer once an order is finished. */
export const CLOSED_STATUSES = ['completed', 'cancelled', 'archived'] as const satisfies readonly OrderStatus[];

/** Live files an order may hold, so one list answer stays small (and the list needs no pages). */
export const MAX_FILES_PER_ORDER = 200;

const within = (statuses: readonly OrderStatus[], status: OrderStatus) => statuses.includes(status);

export type UploadDecision = { ok: true } | { ok: false; reason: 'forbidden' | 'wrong_status'; message: string };

const forbidden = (message: string): UploadDecision => ({ ok: false, reason: 'forbidden', message });
const wrongStatus = (message: string): UploadDecision => ({ ok: false, reason: 'wrong_status', message });

/** Whether `party` may add a file of `category` to an order in `status`. */
export function decideUpload(party: OrderParty, category: FileCategory, status: OrderStatus): UploadDecision {
  if (party === 'staff') return { ok: true };
  if (party === 'client') {
    if (category === 'instructions') {
      return within(CLOSED_STATUSES, status) ? wrongStatus(`Instructions cannot be added to a ${status} order`) : { ok: true };
    }
    if (category === 'revision') {
      return within(CLIENT_REVISION_STATUSES, status)
        ? { ok: true }
        : wrongStatus('Revision notes can be added once the order is delivered');
    }
    return forbidden(`Clients may add instructions and revision notes, not ${category} files`);
  }
  if (party === 'writer') {
    if (category === 'instructions' || category === 'admin')
      return forbidden(`Writers may add draft, final and revision files, not ${category} files`);
    return within(WRITER_WORK_STATUSES, status)
      ? { ok: true }
      : wrongStatus(`${category} files can be added only while the order is being worked on`);
  }
  // The editor holding the task may add the edited final work while the order is under editing.
  if (category !== 'final') return forbidden(`Editors may add the edited final file, not ${category} files`);
  return status === 'under_editing' ? { ok: true } : wrongStatus('Edited files can be added only while the order is under editing');
}

/** Whether the order is paid in full (what releases final work to the client). */
export function isPaidInFull(order: { totalCents: number | null; paidCents: number }): boolean {
  return order.totalCents !== null && order.paidCents >= order.totalCents;
}

/** Delivered work: final files and revised work (a revision file not from the client). */
export function isDeliverable(file: { category: FileCategory; uploaderRole: string }): boolean {
  return file.category === 'final' || (file.category === 'revision' && file.uploaderRole !== 'client');
}

/**
 * Whether `party` sees a file (list and download alike). The client sees the work (a writer's or
 * editor's final or revision file) only once it was delivered to them — uploaded no later than the
 * order's last delivery (`deliveredAt`: the writer's hand-in, or the editor's approval when the
 * website edits) — and only once the order is paid in full. So work in progress, and work waiting
 * for its editor, stays with the writer and the editor.
 */
export function canSeeFile(
  party: OrderParty,
  file: { category: FileCategory; uploaderRole: string; createdAt: Date },
  order: { totalCents: number | null; paidCents: number; deliveredAt: Date | null },
): boolean {
  if (party === 'staff') return true;
  if (file.category === 'admin') return false;
  if (party === 'writer' || party === 'editor') return true;
  // The client:
  if (file.category === 'draft') return false;
  if (!isDeliverable(file)) return true;
  // Staff who put a deliverable on the order hand it over themselves (today's rule: paid in full).
  const fromTheWork = file.uploaderRole === 'writer' || file.uploaderRole === 'editor';
  const delivered = !fromTheWork || (order.deliveredAt !== null && file.createdAt.getTime() <= order.deliveredAt.getTime());
  return delivered && isPaidInFull(order);
}

/**
 * Whether `party` may delete a file: staff always; the uploader while they could still add it
 * (a writer's final file stays once the order is delivered).
 */
export function decideDelete(
  party: OrderParty,
  file: { category: FileCategory; uploadedBy: number | null },
  actorUserId: number | null,
  status: OrderStatus,
): UploadDecision {
  if (party === 'staff') return { ok: true };
  if (actorUserId === null || file.uploadedBy !== actorUserId)
    return forbidden('Only the person who added a file (or staff) may delete it');
  return decideUpload(party, file.category, status);
}

const DAY_MS = 86_400_000;

/** How long a purging worker holds its claim on a file; a crashed worker's files wait this long. */
export const PURGE_LEASE_MS = 15 * 60_000;

/** Files deleted before this instant have outlived their retention and lose their stored object. */
export function purgeCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}
