import type { Role } from '../platform/actor.js';

export const USER_STATUSES = ['active', 'pending_approval', 'suspended', 'probation', 'locked', 'deletion_requested'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Statuses that may sign in. Probation limits new work, not access. */
export const CAN_SIGN_IN: readonly UserStatus[] = ['active', 'probation', 'pending_approval'];

export const REGISTRATION_PREFIX: Record<Role, string> = {
  client: 'CL',
  writer: 'WR',
  editor: 'ED',
  support: 'SP',
  admin: 'AD',
  superadmin: 'SA',
};

export function formatRegistrationId(role: Role, sequenceValue: number): string {
  return `${REGISTRATION_PREFIX[role]}-${String(sequenceValue).padStart(6, '0')}`;
}

/** Which user-status changes staff may make, and the action that makes each. */
export const STATUS_ACTIONS = {
  approve: { from: ['pending_approval'], to: 'active' },
  suspend: { from: ['active', 'probation', 'pending_approval', 'locked'], to: 'suspended' },
  reinstate: { from: ['suspended', 'probation', 'locked'], to: 'active' },
} as const satisfies Record<string, { from: readonly UserStatus[]; to: UserStatus }>;
export type StatusAction = keyof typeof STATUS_ACTIONS;
