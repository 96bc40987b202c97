import React, { useState } from 'react';
import { Box, Label, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text, TextArea } from '@adminjs/design-system';
import type { ActionProps } from 'adminjs';
import { ActionFrame, formDataOf, useActionPreview, useActionSubmit } from './action-form.tsx';
import { money } from './format.ts';

/**
 * The screens of the fine actions. `issue` (on an order): the fine types with what each comes to
 * on this order (read by the action's GET, which changes nothing), one to choose, and the reason.
 * `decide` (an appeal): accept or reject, and the note. Otherwise a reason. "Confirm" POSTs the
 * form; the fines services check the staff member again (action-form.tsx).
 * `action.custom` = { question, confirmLabel, mode: 'issue' | 'decide' | 'reason' }.
 */
interface FineTypeChoice {
  code: string;
  name: string;
  amountCents: number;
  rule: { amountCents: number | null; percentBp: number | null; minCents: number; maxCents: number | null };
}

interface Preview {
  fines?: { currency: string; earningCents: number; writerId: number | null; types: FineTypeChoice[] };
}

const ruleText = (r: FineTypeChoice['rule'], currency: string): string => {
  const base = r.amountCents !== null ? money(r.amountCents, currency) : `${(r.percentBp ?? 0) / 100} % of the earning`;
  const min = r.minCents > 0 ? `, min ${money(r.minCents, currency)}` : '';
  const max = r.maxCents !== null ? `, max ${money(r.maxCents, currency)}` : '';
  return `${base}${min}${max}`;
};

const SHOWN = ['typeCode', 'status', 'amountCents', 'writerId', 'orderId', 'reason', 'appealReason', 'escalationNote'];

const FineAction: React.FC<ActionProps> = (props) => {
  const { action, resource, record } = props;
  const custom = (action.custom ?? {}) as { question?: string; confirmLabel?: string; mode?: 'issue' | 'decide' | 'reason' };
  const mode = custom.mode ?? 'reason';
  const submit = useActionSubmit(props);
  const { preview, loadError } = useActionPreview<Preview>(props);
  const [typeCode, setTypeCode] = useState('');
  const [decision, setDecision] = useState('');
  const [reason, setReason] = useState('');
  if (!record) return null;
  const params = record.params as Record<string, unknown>;
  const currency = String(params.currency ?? preview?.fines?.currency ?? 'USD');
  const ready = Boolean(reason.trim()) && (mode !== 'issue' || Boolean(typeCode)) && (mode !== 'decide' || Boolean(decision));
  const values: Record<string, string> = { reason };
  if (mode === 'issue') values.typeCode = typeCode;
  if (mode === 'decide') values.decision = decision;

  return (
    <ActionFrame
      testId="fine-action"
      question={custom.question ?? `${action.label}?`}
      confirmLabel={custom.confirmLabel}
      error={submit.error ?? loadError}
      submit={submit}
      ready={ready}
      onConfirm={() => void submit.submit(formDataOf(values))}
    >
      {mode === 'issue' ? (
        <Box mb="lg">
          <Text mb="sm">
            <strong>Order:</strong> {String(params.number ?? record.id)} · <strong>Writer earning:</strong>{' '}
            {preview?.fines ? money(preview.fines.earningCents, currency) : '…'}
          </Text>
          {preview?.fines && preview.fines.writerId === null ? (
            <MessageBox mb="lg" variant="danger" message="This order has no writer now." />
          ) : null}
          <Table mb="lg" data-testid="fine-types">
            <TableHead>
              <TableRow>
                <TableCell />
                <TableCell>Fine</TableCell>
                <TableCell>Rule</TableCell>
                <TableCell>On this order</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {(preview?.fines?.types ?? []).map((t) => (
                <TableRow key={t.code} onClick={() => setTypeCode(t.code)}>
                  <TableCell>
                    <input
                      type="radio"
                      name="typeCode"
                      value={t.code}
                      checked={typeCode === t.code}
                      data-testid={`fine-type-${t.code}`}
                      onChange={() => setTypeCode(t.code)}
                    />
                  </TableCell>
                  <TableCell>{t.name}</TableCell>
                  <TableCell>{ruleText(t.rule, currency)}</TableCell>
                  <TableCell data-testid={`fine-amount-${t.code}`}>{money(t.amountCents, currency)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      ) : (
        <Box mb="lg">
          {SHOWN.filter((key) => params[key] !== undefined && params[key] !== null && params[key] !== '').map((key) => (
            <Text key={key} mb="sm">
              <strong>{resource.properties[key]?.label ?? key}:</strong>{' '}
              {key === 'amountCents' ? money(params[key] as number, currency) : String(params[key])}
            </Text>
          ))}
        </Box>
      )}
      {mode === 'decide' ? (
        <Box mb="lg">
          <Label htmlFor="fine-decision" required>
            Decision
          </Label>
          <select id="fine-decision" value={decision} onChange={(e) => setDecision(e.target.value)}>
            <option value="">Choose…</option>
            <option value="accept">accept the appeal (the fine is waived and refunded)</option>
            <option value="reject">reject the appeal (the fine stands)</option>
          </select>
        </Box>
      ) : null}
      <Box mb="lg">
        <Label htmlFor="fine-reason" required>
          {mode === 'decide' ? 'Note' : 'Reason'}
        </Label>
        <TextArea
          id="fine-reason"
          name="reason"
          width={1}
          rows={3}
          maxLength={2000}
          value={reason}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)}
        />
      </Box>
    </ActionFrame>
  );
};

export default FineAction;
