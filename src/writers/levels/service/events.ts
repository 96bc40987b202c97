import type { Actor } from '../../../platform/actor.js';
import { recordEvent } from '../../../platform/outbox.js';
import type { WriterLevel } from '../models.js';

/** The outbox event of a writer's level changing (the weekly evaluation, or an admin by hand). */
export const LEVEL_CHANGED_EVENT = 'writer.level_changed';

/** What a `writer.level_changed` carries: the writer, both levels (id and name) and which way. */
export interface LevelChangedPayload {
  writerId: number;
  fromLevelId: number;
  fromLevel: string;
  toLevelId: number;
  toLevel: string;
  direction: 'up' | 'down';
  /** `evaluation`: the weekly job; `manual`: an admin set it. */
  cause: 'evaluation' | 'manual';
  actorUserId: number | null;
}

export const recordLevelChanged = (
  actor: Actor,
  websiteId: number,
  writerId: number,
  from: WriterLevel,
  to: WriterLevel,
  cause: LevelChangedPayload['cause'],
): Promise<void> =>
  recordEvent({
    type: LEVEL_CHANGED_EVENT,
    websiteId,
    payload: {
      writerId,
      fromLevelId: from.id,
      fromLevel: from.name,
      toLevelId: to.id,
      toLevel: to.name,
      direction: to.rank > from.rank ? 'up' : 'down',
      cause,
      actorUserId: actor.userId,
    } satisfies LevelChangedPayload,
  });
