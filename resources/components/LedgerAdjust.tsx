import React, { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Box, Button, H3, Input, Label, MessageBox, Text, TextArea } from '@adminjs/design-system';
import { ApiClient, ViewHelpers, useNotice, type ActionProps } from 'adminjs';

/**
 * The "adjust" screen of a ledger account: a signed amount in cents and a reason. The GET of the
 * action (which changes nothing) gives an idempotency key for this form, so a double click or a
 * retried request posts the correction once; "Confirm" POSTs it and the ledger service decides.
 */
const api = new ApiClient();
const h = new ViewHelpers();

const money = (cents: number, currency: string): string => {
  try {
    return (cents / 100).toLocaleString(undefined, { style: 'currency', currency });
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
};

const LedgerAdjust: React.FC<ActionProps> = ({ action, resource, record }) => {
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [key, setKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const recordId = record?.id;

  useEffect(() => {
    if (!recordId) return;
    api.recordAction({ resourceId: resource.id, recordId, actionName: action.name })
      .then((response) => setKey((response.data as unknown as { preview?: { idempotencyKey?: string } }).preview?.idempotencyKey ?? null))
      .catch(() => setError('The form could not be loaded.'));
  }, [recordId, action.name, resource.id]);

  if (!record) return null;
  const params = record.params as Record<string, unknown>;
  const currency = String(params.currency ?? 'USD');
  const cents = /^-?\d+$/.test(amount.trim()) ? Number(amount.trim()) : null;
  const balance = Number(params.balanceCents ?? 0);

  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const data = new FormData();
    data.set('amountCents', amount.trim());
    data.set('reason', reason);
    if (key) data.set('idempotencyKey', key);
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
    <Box variant="white" data-testid="ledger-adjust">
      <H3>Adjust this balance?</H3>
      <Text mb="sm"><strong>Account:</strong> {String(params.kind ?? '').replace(/_/g, ' ')}{params.ownerId ? ` of ${params.ownerType} ${params.ownerId}` : ''}</Text>
      <Text mb="lg"><strong>Balance:</strong> {money(balance, currency)}</Text>
      <Box mb="lg">
        <Label htmlFor="adjust-amount" required>Amount in cents (negative to take money out)</Label>
        <Input id="adjust-amount" width={1} inputMode="numeric" value={amount} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setAmount(e.target.value)} />
        {cents !== null && cents !== 0 ? <Text variant="sm">New balance: {money(balance + cents, currency)}</Text> : null}
      </Box>
      <Box mb="lg">
        <Label htmlFor="adjust-reason" required>Reason</Label>
        <TextArea id="adjust-reason" width={1} rows={3} maxLength={400} value={reason} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)} />
      </Box>
      {error ? <MessageBox mb="lg" variant="danger" message={error} /> : null}
      <Button variant="contained" color="danger" data-testid="ledger-adjust-submit" disabled={busy || !cents || !reason.trim()} onClick={() => void confirm()}>
        Post the adjustment
      </Button>
      <Button ml="default" variant="text" type="button" onClick={() => navigate(h.showUrl(resource.id, record.id))}>Cancel</Button>
    </Box>
  );
};

export default LedgerAdjust;
