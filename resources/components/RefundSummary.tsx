import React, { useEffect, useState } from 'react';
import { Box, H4, Loader, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, type BasePropertyProps } from 'adminjs';
import { money } from './format.ts';

/**
 * On the refund page: the order's paid and still-refundable sums and the client's wallet balance
 * as it stands now (read through the read-only `summary` action), so staff see a wallet refund land.
 */
interface Summary {
  status: string;
  currency: string;
  orderNumber: string;
  orderPaidCents: number;
  refundableCents: number;
  walletBalanceCents: number;
}

const api = new ApiClient();

const RefundSummary: React.FC<BasePropertyProps> = ({ record, resource }) => {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const recordId = record?.id;
  const status = record?.params?.status;
  useEffect(() => {
    if (!recordId) return;
    api
      .recordAction({ resourceId: resource.id, recordId, actionName: 'summary' })
      .then((response) => {
        const data = response.data as unknown as { summary?: Summary; notice?: { message: string } };
        if (data.summary) setSummary(data.summary);
        else setError(data.notice?.message ?? 'The summary could not be loaded.');
      })
      .catch(() => setError('The summary could not be loaded.'));
  }, [recordId, resource.id, status]);

  if (error) return <MessageBox mb="xl" variant="danger" message={error} />;
  if (!summary) return <Loader />;
  const c = summary.currency;
  return (
    <Box mb="xl" data-testid="refund-summary">
      <H4>Order {summary.orderNumber}</H4>
      <Text mb="sm">Paid: {money(summary.orderPaidCents, c)}</Text>
      <Text mb="sm" data-testid="refundable">
        Still refundable: {money(summary.refundableCents, c)}
      </Text>
      <Text mb="sm" data-testid="wallet-balance">
        Client wallet balance: {money(summary.walletBalanceCents, c)}
      </Text>
    </Box>
  );
};

export default RefundSummary;
