/** The editors area's public module: code outside src/editors/ imports from here only (docs/ARCHITECTURE.md). */
export { EditingRequirement, EditorPerformance, EditorTask, initEditorModels } from './models.js';
export { editingProvider } from './provider.js';
export { EDITING_MODES, EDITOR_TASK_STATUSES, taskStatusesFor } from './rules.js';
export type { EditingMode, EditorTaskStatus } from './rules.js';
export { editorTasksRouter } from './routes.js';
export { expireEditorClaims, type ClaimExpiryRun } from './service/expiry.js';
export {
  editingReasonsFor,
  getEditingRequirement,
  installEditingRequirement,
  installEditingRequirementOnWebsiteCreated,
  updateEditingRequirement,
} from './service/requirements.js';
export { editorChoices, type EditorChoice } from './service/queries.js';
export { approveTask, claimTask, openEditingTask, reassignTask, releaseTask, returnTask } from './service/tasks.js';
