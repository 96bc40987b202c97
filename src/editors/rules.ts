/**
 * Pure editing rules: when a delivery needs an editor (the website's requirement), and the editor
 * task's transitions table. No I/O.
 */
export const EDITING_MODES = ['never', 'always', 'rules'] as const;
export type EditingMode = (typeof EDITING_MODES)[number];

/** A website's editing requirement (table editing_requirements). */
export interface EditingRule {
  mode: EditingMode;
  paperTypes: readonly string[];
  academicLevels: readonly string[];
  writerLevels: readonly string[];
  /** A writer's first N delivered orders on the website go to an editor (0: none). */
  newWriterOrders: number;
}

/** What the rule looks at when a writer hands in an order. */
export interface DeliveryFacts {
  paperType: string | null;
  academicLevel: string | null;
  /** The writer's level name today (writers/levels), if known. */
  writerLevel: string | null;
  /** Orders the writer delivered on the website before this one. */
  writerDeliveredOrders: number;
}

/** Why the rule sends this delivery to editing (empty: it does not). */
export function editingReasons(rule: EditingRule, facts: DeliveryFacts): string[] {
  if (rule.mode === 'never') return [];
  if (rule.mode === 'always') return ['every order'];
  const reasons: string[] = [];
  const has = (list: readonly string[], value: string | null) =>
    value !== null && list.some((v) => v.toLowerCase() === value.toLowerCase());
  if (has(rule.paperTypes, facts.paperType)) reasons.push(`paper type ${facts.paperType}`);
  if (has(rule.academicLevels, facts.academicLevel)) reasons.push(`academic level ${facts.academicLevel}`);
  if (has(rule.writerLevels, facts.writerLevel)) reasons.push(`writer level ${facts.writerLevel}`);
  if (rule.newWriterOrders > 0 && facts.writerDeliveredOrders < rule.newWriterOrders)
    reasons.push(`one of the writer's first ${rule.newWriterOrders} orders`);
  return reasons;
}

export const requiresEditing = (rule: EditingRule, facts: DeliveryFacts): boolean => editingReasons(rule, facts).length > 0;

export const EDITOR_TASK_STATUSES = ['available', 'claimed', 'returned', 'approved'] as const;
export type EditorTaskStatus = (typeof EDITOR_TASK_STATUSES)[number];

/** Open tasks: waiting for an editor or held by one. */
export const OPEN_TASK_STATUSES = ['available', 'claimed'] as const satisfies readonly EditorTaskStatus[];

export type EditorTaskRole = 'editor' | 'staff' | 'system';
export const EDITOR_TASK_ACTIONS = ['claim', 'release', 'expire', 'reassign', 'return', 'approve'] as const;
export type EditorTaskAction = (typeof EDITOR_TASK_ACTIONS)[number];

interface TaskTransition {
  from: readonly EditorTaskStatus[];
  to: EditorTaskStatus;
  by: readonly EditorTaskRole[];
}

/** The one transitions table of editor tasks. */
export const EDITOR_TASK_TRANSITIONS: Record<EditorTaskAction, TaskTransition> = {
  claim: { from: ['available'], to: 'claimed', by: ['editor'] },
  release: { from: ['claimed'], to: 'available', by: ['editor', 'staff'] },
  expire: { from: ['claimed'], to: 'available', by: ['system'] },
  reassign: { from: ['available', 'claimed'], to: 'claimed', by: ['staff'] },
  return: { from: ['claimed'], to: 'returned', by: ['editor'] },
  approve: { from: ['claimed'], to: 'approved', by: ['editor'] },
};

export type TaskDecision =
  { ok: true; to: EditorTaskStatus } | { ok: false; reason: 'not_allowed_for_role' | 'illegal_from_status'; message: string };

export function decideTaskTransition(action: EditorTaskAction, from: EditorTaskStatus, role: EditorTaskRole): TaskDecision {
  const rule = EDITOR_TASK_TRANSITIONS[action];
  if (!rule.by.includes(role)) return { ok: false, reason: 'not_allowed_for_role', message: `A ${role} may not ${action} an editing task` };
  if (!rule.from.includes(from)) return { ok: false, reason: 'illegal_from_status', message: `Cannot ${action} a task that is ${from}` };
  return { ok: true, to: rule.to };
}

/** The statuses from which `role` may take `action` (the back office offers it only there). */
export const taskStatusesFor = (action: EditorTaskAction, role: EditorTaskRole): EditorTaskStatus[] =>
  EDITOR_TASK_TRANSITIONS[action].by.includes(role) ? [...EDITOR_TASK_TRANSITIONS[action].from] : [];

const HOUR_MS = 3_600_000;

/** When a claim made at `claimedAt` lapses. */
export const claimExpiresAt = (claimedAt: Date, claimHours: number): Date => new Date(claimedAt.getTime() + claimHours * HOUR_MS);

export const DEFAULT_CLAIM_HOURS = 12;

/** Turnaround of a decided task in minutes (claimed -> decided), or null while undecided. */
export function turnaroundMinutes(task: { claimedAt: Date | null; decidedAt: Date | null }): number | null {
  if (!task.claimedAt || !task.decidedAt) return null;
  return Math.max(0, Math.round((task.decidedAt.getTime() - task.claimedAt.getTime()) / 60_000));
}
