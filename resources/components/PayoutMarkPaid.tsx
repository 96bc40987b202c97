import React, { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Box, Button, H3, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { ViewHelpers, useNotice, type ActionProps } from 'adminjs';
import { api, formDataOf } from './action-form.tsx';
import { money } from './format.ts';

/**
 * Mark paid, for one payout (record action markPaid) or the selected ones (bulk action
 * bulkMarkPaid): the total being marked (per currency), the payment's reference and method, then
 * one POST. The server marks each batch in its own transaction and says which were refused.
 */
const METHODS = ['bank_transfer', 'paypal', 'mobile_money', 'other'];
const h = new ViewHelpers();

/** The server's preview of a bulk mark paid (payouts service previewBulkMarkPaid). */
interface Preview {
  payable: Array<{ id: number; totalCents: number; currency: string }>;
  totals: Record<string, number>;
  refused: Array<{ id: number; reason: string }>;
}

interface ResultRow {
  id: number;
  ok: boolean;
  error?: { message: string };
}

const PayoutMarkPaid: React.FC<ActionProps> = ({ action, resource, record, records }) => {
  const addNotice = useNotice();
  const navigate = useNavigate();
  const batches = records ?? (record ? [record] : []);
  const [reference, setReference] = useState('');
  const [method, setMethod] = useState('bank_transfer');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<ResultRow[] | null>(null);

  const [preview, setPreview] = useState<Preview | null>(null);
  const recordIds = (records ?? []).map((r) => r.id).join(',');
  useEffect(() => {
    if (!records) return;
    api
      .bulkAction({ resourceId: resource.id, recordIds: recordIds.split(','), actionName: action.name })
      .then((response) => setPreview((response.data as unknown as { preview?: Preview }).preview ?? null))
      .catch(() => setError('The batches could not be read; nothing was changed.'));
  }, [resource.id, action.name, recordIds]);

  // One batch: its own total. Many: what the server says will be paid (pending batches the admin may pay).
  const totals = new Map<string, number>();
  if (records) for (const [currency, cents] of Object.entries(preview?.totals ?? {})) totals.set(currency, cents);
  else if (record) totals.set(String(record.params.currency ?? 'USD'), Number(record.params.totalCents ?? 0));
  const totalText = [...totals].map(([currency, cents]) => money(cents, currency)).join(' + ') || '—';
  const count = records ? (preview?.payable.length ?? 0) : batches.length;

  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const data = formDataOf({ reference, method });
      const response = records
        ? await api.bulkAction({ resourceId: resource.id, recordIds: records.map((r) => r.id), actionName: action.name, data })
        : await api.recordAction({ resourceId: resource.id, recordId: record!.id, actionName: action.name, data });
      const body = response.data as unknown as { results?: ResultRow[]; notice?: { message: string; type: 'success' | 'error' } };
      if (body.notice) addNotice(body.notice);
      if (body.results) setResults(body.results);
      else if (body.notice?.type === 'error') setError(body.notice.message);
      else if (record) navigate(h.showUrl(resource.id, record.id));
    } catch {
      setError('The request failed; nothing was changed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box variant="white" data-testid="payout-mark-paid">
      <H3>
        Mark {records ? `${count} payout${count === 1 ? '' : 's'}` : 'this payout'} paid: {totalText}?
      </H3>
      <Text mb="lg" data-testid="payout-mark-paid-total">
        The writer{count === 1 ? "'s" : "s'"} payable is debited by {totalText} in the ledger. Pay the money first; this cannot be edited
        later, only reversed with a reason.
      </Text>
      {preview?.refused.length ? (
        <Box mb="lg" data-testid="payout-mark-paid-refused">
          {preview.refused.map((r) => (
            <Text key={r.id}>
              Payout #{r.id} is left out: {r.reason}
            </Text>
          ))}
        </Box>
      ) : null}
      {results ? (
        <Box mb="lg" data-testid="bulk-results">
          {results.map((r) => (
            <Text key={r.id}>
              Payout #{r.id}: {r.ok ? 'paid' : `refused — ${r.error?.message ?? ''}`}
            </Text>
          ))}
        </Box>
      ) : (
        <Box>
          <Box mb="lg">
            <Label htmlFor="field-reference" required>
              Payment reference
            </Label>
            <Input
              id="field-reference"
              width={1}
              value={reference}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setReference(e.target.value)}
            />
          </Box>
          <Box mb="lg">
            <Label htmlFor="field-method" required>
              Method
            </Label>
            <select id="field-method" value={method} onChange={(e) => setMethod(e.target.value)}>
              {METHODS.map((m) => (
                <option key={m} value={m}>
                  {m.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </Box>
          {error ? <MessageBox mb="lg" variant="danger" message={error} /> : null}
          <Button
            variant="contained"
            color="danger"
            data-testid="payout-mark-paid-submit"
            disabled={busy || !reference.trim()}
            onClick={() => void confirm()}
          >
            Mark paid
          </Button>
        </Box>
      )}
      <Button ml="default" variant="text" type="button" onClick={() => navigate(h.resourceUrl({ resourceId: resource.id }))}>
        Back to the list
      </Button>
    </Box>
  );
};

export default PayoutMarkPaid;
