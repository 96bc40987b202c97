import React, { useState } from 'react';
import { useNavigate } from 'react-router';
import { Box, Button, H3, Label, MessageBox, Text, TextArea } from '@adminjs/design-system';
import { ApiClient, ViewHelpers, useNotice, type ActionProps } from 'adminjs';

/**
 * One confirmation screen for every state-changing record action. AdminJS calls actions without a
 * component with GET (CSRF-prone); ours act only on POST, so this screen shows the record
 * (fetched by GET, which changes nothing) and POSTs through the ApiClient on "Confirm".
 * `action.custom` carries { confirmLabel, question, reason: 'required' | 'optional' | undefined }.
 */
const api = new ApiClient();
const h = new ViewHelpers();

const SHOWN = ['registrationId', 'email', 'displayName', 'role', 'status', 'statusReason', 'lockedUntil', 'failedLoginCount'];

const ConfirmAction: React.FC<ActionProps> = ({ action, resource, record }) => {
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!record) return null;
  const custom = (action.custom ?? {}) as { confirmLabel?: string; question?: string; reason?: 'required' | 'optional' };
  const missingReason = custom.reason === 'required' && !reason.trim();

  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const data = new FormData();
    data.set('reason', reason);
    try {
      const response = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, data });
      const notice = response.data.notice;
      if (notice?.type === 'error') {
        setError(notice.message);
        addNotice(notice);
        return;
      }
      if (notice) addNotice(notice);
      navigate(h.showUrl(resource.id, record.id));
    } catch {
      setError('The request failed; nothing was changed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box variant="white" data-testid="confirm-action">
      <H3>{custom.question ?? `${action.label}?`}</H3>
      <Box mb="lg">
        {SHOWN.filter((key) => record.params[key] !== undefined && record.params[key] !== null && record.params[key] !== '').map((key) => (
          <Text key={key} mb="sm">
            <strong>{resource.properties[key]?.label ?? key}:</strong> {String(record.params[key])}
          </Text>
        ))}
      </Box>
      {custom.reason ? (
        <Box mb="lg">
          <Label htmlFor="confirm-reason" required={custom.reason === 'required'}>Reason</Label>
          <TextArea id="confirm-reason" name="reason" width={1} rows={3} maxLength={500} value={reason}
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)} />
        </Box>
      ) : null}
      {error ? <MessageBox mb="lg" variant="danger" message={error} /> : null}
      <Button variant="contained" color="danger" data-testid="confirm-action-submit" disabled={busy || missingReason} onClick={() => void confirm()}>
        {custom.confirmLabel ?? 'Confirm'}
      </Button>
      <Button ml="default" variant="text" type="button" onClick={() => navigate(h.showUrl(resource.id, record.id))}>
        Cancel
      </Button>
    </Box>
  );
};

export default ConfirmAction;
