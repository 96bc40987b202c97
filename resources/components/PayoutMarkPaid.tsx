import React, { useState } from 'react';
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

  const totals = new Map<string, number>();
  for (const b of batches) {
    const currency = String(b.params.currency ?? 'USD');
    totals.set(currency, (totals.get(currency) ?? 0) + Number(b.params.totalCents ?? 0));
  }
  const totalText = [...totals].map(([currency, cents]) => money(cents, currency)).join(' + ') || '—';

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
        Mark {batches.length === 1 ? 'this payout' : `${batches.length} payouts`} paid: {totalText}?
      </H3>
      <Text mb="lg" data-testid="payout-mark-paid-total">
        The writer{batches.length === 1 ? "'s" : "s'"} payable is debited by {totalText} in the ledger. Pay the money first; this cannot be
        edited later, only reversed with a reason.
      </Text>
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
