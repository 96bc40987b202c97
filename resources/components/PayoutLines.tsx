import React, { useEffect, useState } from 'react';
import { Box, Label, Loader, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient, type BasePropertyProps } from 'adminjs';
import { money } from './format.ts';

/** A payout's breakdown on its record page, read through the read-only `lines` action. */
interface Line {
  id: number;
  transactionId: number;
  kind: string;
  reference: { type: string; id: string } | null;
  memo: string | null;
  amountCents: number;
  postedAt: string;
}

const api = new ApiClient();

const PayoutLines: React.FC<BasePropertyProps> = ({ record, resource, property }) => {
  const [lines, setLines] = useState<Line[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const recordId = record?.id;
  useEffect(() => {
    if (!recordId) return;
    api
      .recordAction({ resourceId: resource.id, recordId, actionName: 'lines' })
      .then((response) => {
        const data = response.data as unknown as { lines?: Line[]; notice?: { message: string } };
        if (data.lines) setLines(data.lines);
        else setError(data.notice?.message ?? 'The lines could not be loaded.');
      })
      .catch(() => setError('The lines could not be loaded.'));
  }, [recordId, resource.id]);

  if (error) return <MessageBox mb="xl" variant="danger" message={error} />;
  if (!lines) return <Loader />;
  const currency = String(record?.params?.currency ?? 'USD');
  return (
    <Box mb="xl" data-testid="payout-lines">
      <Label>{property.label}</Label>
      <Text mb="sm">
        <a href={`/admin/payouts.csv?payoutId=${recordId}`}>Download the lines as CSV</a>
      </Text>
      <Table>
        <TableHead>
          <TableRow>
            <TableCell>Posted</TableCell>
            <TableCell>Kind</TableCell>
            <TableCell>Reference</TableCell>
            <TableCell>Memo</TableCell>
            <TableCell>Transaction</TableCell>
            <TableCell>Amount</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {lines.map((l) => (
            <TableRow key={l.id}>
              <TableCell>{new Date(l.postedAt).toLocaleString()}</TableCell>
              <TableCell>{l.kind.replace(/_/g, ' ')}</TableCell>
              <TableCell>{l.reference ? `${l.reference.type} ${l.reference.id}` : ''}</TableCell>
              <TableCell>{l.memo ?? ''}</TableCell>
              <TableCell>
                <a href={`/admin/resources/ledger_transactions/records/${l.transactionId}/show`}>#{l.transactionId}</a>
              </TableCell>
              <TableCell>{money(l.amountCents, currency)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

export default PayoutLines;
