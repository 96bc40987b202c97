import { isAdmin, isStaff, isSystemFor, ofWebsite, type Actor } from '../platform/actor.js';
import { Forbidden } from '../platform/errors.js';
import type { EditorTaskRole } from './rules.js';

/** Who may do what with editing (the services call these; routes and resources never decide). */

type TaskRef = { websiteId: number; editorId: number | null; status: string };

/** A signed-in editor of a website: the editor API's only audience. */
export const canWorkAsEditor = (actor: Actor): boolean => actor.role === 'editor' && actor.userId !== null && actor.websiteId !== null;

export function assertEditor(actor: Actor): number {
  if (!canWorkAsEditor(actor)) throw Forbidden('Only editors work on editing tasks');
  return actor.userId!;
}

/**
 * Editors of the task's website see the tasks waiting for anyone and the ones they hold or held;
 * staff of the website (a superadmin any) see all; the system its website's. Anyone else: not found.
 */
export function canSeeTask(actor: Actor, task: TaskRef): boolean {
  if (actor.role === 'system') return isSystemFor(actor, task.websiteId);
  if (!ofWebsite(actor, task.websiteId)) return false;
  if (actor.role === 'editor') return task.status === 'available' || (actor.userId !== null && task.editorId === actor.userId);
  return isStaff(actor);
}

/** Support and admins of the website steer tasks (reassign, release) and read editors' performance. */
export const canManageTasks = (actor: Actor, websiteId: number): boolean => isStaff(actor) && ofWebsite(actor, websiteId);

/** Admins of the website change its editing requirement. */
export const canEditRequirement = (actor: Actor, websiteId: number): boolean => isAdmin(actor) && ofWebsite(actor, websiteId);

/** The role the tasks' transitions table knows the actor by, or null. */
export function taskRoleOf(actor: Actor): EditorTaskRole | null {
  if (actor.role === 'editor') return 'editor';
  if (actor.role === 'system') return 'system';
  return isStaff(actor) ? 'staff' : null;
}
