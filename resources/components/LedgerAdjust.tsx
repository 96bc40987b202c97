import React, { useState } from 'react';
import { Box, Input, Label, Text, TextArea } from '@adminjs/design-system';
import type { ActionProps } from 'adminjs';
import { ActionFrame, formDataOf, useActionPreview, useActionSubmit } from './action-form.tsx';
import { money } from './format.ts';

/**
 * The "adjust" screen of a ledger account: a signed amount in cents and a reason. The GET of the
 * action (which changes nothing) gives an idempotency key for this form, so a double click or a
 * retried request posts the correction once; "Confirm" POSTs it and the ledger service decides.
 */
const LedgerAdjust: React.FC<ActionProps> = (props) => {
  const { record } = props;
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const submit = useActionSubmit(props);
  const { preview, loadError } = useActionPreview<{ idempotencyKey?: string }>(props);

  if (!record) return null;
  const params = record.params as Record<string, unknown>;
  const currency = String(params.currency ?? 'USD');
  const cents = /^-?\d+$/.test(amount.trim()) ? Number(amount.trim()) : null;
  const balance = Number(params.balanceCents ?? 0);
  const confirm = () => {
    const form: Record<string, string> = { amountCents: amount.trim(), reason };
    if (preview?.idempotencyKey) form.idempotencyKey = preview.idempotencyKey;
    void submit.submit(formDataOf(form));
  };

  return (
    <ActionFrame
      testId="ledger-adjust"
      question="Adjust this balance?"
      confirmLabel="Post the adjustment"
      error={submit.error ?? loadError}
      submit={submit}
      ready={Boolean(cents) && Boolean(reason.trim())}
      onConfirm={confirm}
    >
      <Text mb="sm">
        <strong>Account:</strong> {String(params.kind ?? '').replace(/_/g, ' ')}
        {params.ownerId ? ` of ${params.ownerType} ${params.ownerId}` : ''}
      </Text>
      <Text mb="lg">
        <strong>Balance:</strong> {money(balance, currency)}
      </Text>
      <Box mb="lg">
        <Label htmlFor="adjust-amount" required>
          Amount in cents (negative to take money out)
        </Label>
        <Input
          id="adjust-amount"
          width={1}
          inputMode="numeric"
          value={amount}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setAmount(e.target.value)}
        />
        {cents !== null && cents !== 0 ? <Text variant="sm">New balance: {money(balance + cents, currency)}</Text> : null}
      </Box>
      <Box mb="lg">
        <Label htmlFor="adjust-reason" required>
          Reason
        </Label>
        <TextArea
          id="adjust-reason"
          width={1}
          rows={3}
          maxLength={400}
          value={reason}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)}
        />
      </Box>
    </ActionFrame>
  );
};

export default LedgerAdjust;
