import React, { useState } from 'react';
import { Box, Label, Loader, Text, TextArea } from '@adminjs/design-system';
import type { ActionProps } from 'adminjs';
import { ActionFrame, formDataOf, useActionPreview, useActionSubmit } from './action-form.tsx';

/** Rollback: choose an earlier version; its content comes back as a new version (audited). */
interface Version {
  version: number;
  change: string;
  restoredFrom: number | null;
  createdAt: string;
  subject: string | null;
  active: boolean;
}

const EmailTemplateRollback: React.FC<ActionProps> = (props) => {
  const submit = useActionSubmit(props);
  const { preview, loadError } = useActionPreview<{ versions?: Version[]; current?: number }>(props);
  const [version, setVersion] = useState<string>('');
  const [reason, setReason] = useState('');
  if (loadError) return <Text>{loadError}</Text>;
  if (!preview) return <Loader />;
  const earlier = (preview.versions ?? []).filter((v) => v.version !== preview.current);
  const options = earlier.map((v) => ({
    value: String(v.version),
    label: `v${v.version} — ${v.change}${v.restoredFrom ? ` of v${v.restoredFrom}` : ''}, ${new Date(v.createdAt).toLocaleString()}`,
  }));
  return (
    <ActionFrame
      testId="email-template-rollback"
      question={`Roll back to an earlier version? (current: v${preview.current ?? '?'})`}
      confirmLabel="Roll back"
      error={submit.error}
      submit={submit}
      ready={Boolean(version)}
      onConfirm={() => void submit.submit(formDataOf({ version, reason }))}
    >
      {earlier.length === 0 ? <Text mb="lg">There is no earlier version.</Text> : null}
      <Box mb="lg">
        <Label htmlFor="rollback-version" required>
          Version
        </Label>
        <select
          data-testid="rollback-version"
          value={version}
          onChange={(e) => setVersion(e.target.value)}
          id="rollback-version"
          style={{ display: 'block', marginTop: 8, padding: 8, minWidth: 320 }}
        >
          <option value="">Choose…</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Box>
      <Box mb="lg">
        <Label htmlFor="rollback-reason">Reason</Label>
        <TextArea
          id="rollback-reason"
          width={1}
          rows={2}
          maxLength={500}
          value={reason}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)}
        />
      </Box>
    </ActionFrame>
  );
};

export default EmailTemplateRollback;
