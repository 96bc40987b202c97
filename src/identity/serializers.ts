import type { Website } from '../tenancy/index.js';
import type { User, UserSession } from './models.js';

/**
 * What leaves the server about users and sessions. Built field by field, so a column added to the
 * model (or a secret) never reaches a response by accident.
 */
export interface MeView {
  id: number;
  registrationId: string;
  role: User['role'];
  email: string;
  displayName: string;
  penName: string | null;
  timezone: string;
  avatarUrl: string | null;
  status: User['status'];
  website: { id: number; name: string } | null;
  createdAt: string;
}

/** The signed-in user's own profile. `website` is the user's website (null for a superadmin). */
export function serializeMe(
  user: Pick<
    User,
    'id' | 'registrationId' | 'role' | 'email' | 'displayName' | 'penName' | 'timezone' | 'avatarUrl' | 'status' | 'websiteId' | 'createdAt'
  >,
  website: Pick<Website, 'id' | 'name'> | null,
): MeView {
  return {
    id: user.id,
    registrationId: user.registrationId,
    role: user.role,
    email: user.email,
    displayName: user.displayName,
    penName: user.role === 'writer' ? (user.penName ?? null) : null,
    timezone: user.timezone,
    avatarUrl: user.avatarUrl ?? null,
    status: user.status,
    website: user.websiteId === null || !website ? null : { id: website.id, name: website.name },
    createdAt: new Date(user.createdAt).toISOString(),
  };
}

export interface SessionView {
  id: number;
  device: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

export function serializeSession(session: UserSession, currentSessionId: number): SessionView {
  return {
    id: session.id,
    device: session.device,
    ip: session.ip,
    createdAt: new Date(session.createdAt).toISOString(),
    lastUsedAt: new Date(session.lastUsedAt).toISOString(),
    current: session.id === currentSessionId,
  };
}
