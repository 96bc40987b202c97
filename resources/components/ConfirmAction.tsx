import React, { useState } from 'react';
import { Box, Label, Text, TextArea } from '@adminjs/design-system';
import type { ActionProps } from 'adminjs';
import { ActionFrame, formDataOf, useActionSubmit } from './action-form.tsx';

/**
 * One confirmation screen for every state-changing record action: it shows the record and POSTs
 * (the reason, when asked) on "Confirm" — see action-form.tsx for why actions act only on POST.
 * `action.custom` carries { confirmLabel, question, reason: 'required' | 'optional' | undefined }.
 */
const SHOWN = ['registrationId', 'email', 'displayName', 'role', 'status', 'statusReason'];

const ConfirmAction: React.FC<ActionProps> = (props) => {
  const { action, resource, record } = props;
  const submit = useActionSubmit(props);
  const [reason, setReason] = useState('');
  if (!record) return null;
  const custom = (action.custom ?? {}) as { confirmLabel?: string; question?: string; reason?: 'required' | 'optional' };

  return (
    <ActionFrame
      testId="confirm-action"
      question={custom.question ?? `${action.label}?`}
      confirmLabel={custom.confirmLabel}
      error={submit.error}
      submit={submit}
      ready={custom.reason !== 'required' || Boolean(reason.trim())}
      onConfirm={() => void submit.submit(formDataOf({ reason }))}
    >
      <Box mb="lg">
        {SHOWN.filter((key) => record.params[key] !== undefined && record.params[key] !== null && record.params[key] !== '').map((key) => (
          <Text key={key} mb="sm">
            <strong>{resource.properties[key]?.label ?? key}:</strong> {String(record.params[key])}
          </Text>
        ))}
      </Box>
      {custom.reason ? (
        <Box mb="lg">
          <Label htmlFor="confirm-reason" required={custom.reason === 'required'}>
            Reason
          </Label>
          <TextArea
            id="confirm-reason"
            name="reason"
            width={1}
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)}
          />
        </Box>
      ) : null}
    </ActionFrame>
  );
};

export default ConfirmAction;
