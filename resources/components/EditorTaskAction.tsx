import React, { useState } from 'react';
import { Box, Label, Text, TextArea } from '@adminjs/design-system';
import type { ActionProps } from 'adminjs';
import { ActionFrame, formDataOf, useActionPreview, useActionSubmit } from './action-form.tsx';

/**
 * The screens of the editor task actions. `reassign`: the website's editors (read by the action's
 * GET, which changes nothing) with what each holds now, one to choose, and a reason. `release`: a
 * reason. "Confirm" POSTs the form; the editors services check the staff member again.
 * `action.custom` = { question, confirmLabel, mode: 'reassign' | 'release' }.
 */
interface EditorChoice {
  id: number;
  registrationId: string;
  displayName: string;
  heldNow: number;
}

interface Preview {
  editors?: EditorChoice[];
}

const SHOWN = ['orderId', 'status', 'round', 'editorId', 'claimedAt', 'claimExpiresAt'];

const EditorTaskAction: React.FC<ActionProps> = (props) => {
  const { action, resource, record } = props;
  const custom = (action.custom ?? {}) as { question?: string; confirmLabel?: string; mode?: 'reassign' | 'release' };
  const mode = custom.mode ?? 'release';
  const submit = useActionSubmit(props);
  const { preview, loadError } = useActionPreview<Preview>(props);
  const [editorId, setEditorId] = useState('');
  const [reason, setReason] = useState('');
  if (!record) return null;
  const params = record.params as Record<string, unknown>;
  const ready = Boolean(reason.trim()) && (mode !== 'reassign' || Boolean(editorId));
  const values: Record<string, string> = { reason };
  if (mode === 'reassign') values.editorId = editorId;

  return (
    <ActionFrame
      testId="editor-task-action"
      question={custom.question ?? `${action.label}?`}
      confirmLabel={custom.confirmLabel}
      error={submit.error ?? loadError}
      submit={submit}
      ready={ready}
      onConfirm={() => void submit.submit(formDataOf(values))}
    >
      <Box mb="lg">
        {SHOWN.filter((key) => params[key] !== undefined && params[key] !== null && params[key] !== '').map((key) => (
          <Text key={key} mb="sm">
            <strong>{resource.properties[key]?.label ?? key}:</strong> {String(params[key])}
          </Text>
        ))}
      </Box>
      {mode === 'reassign' ? (
        <Box mb="lg">
          <Label htmlFor="editor-choice" required>
            Editor
          </Label>
          <select id="editor-choice" data-testid="editor-choice" value={editorId} onChange={(e) => setEditorId(e.target.value)}>
            <option value="">Choose…</option>
            {(preview?.editors ?? []).map((e) => (
              <option key={e.id} value={String(e.id)}>
                {e.registrationId} · {e.displayName} · holds {e.heldNow}
              </option>
            ))}
          </select>
        </Box>
      ) : null}
      <Box mb="lg">
        <Label htmlFor="editor-task-reason" required>
          Reason
        </Label>
        <TextArea
          id="editor-task-reason"
          name="reason"
          width={1}
          rows={3}
          maxLength={1000}
          value={reason}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)}
        />
      </Box>
    </ActionFrame>
  );
};

export default EditorTaskAction;
