import React from 'react';
import { Box, Label, Loader, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import type { BasePropertyProps } from 'adminjs';
import { money } from './format.ts';
import { useRecordLines } from './use-record-lines.ts';

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

const PayoutLines: React.FC<BasePropertyProps> = ({ record, resource, property }) => {
  const { lines, error } = useRecordLines<Line>({ record, resource }, 'lines');
  const recordId = record?.id;

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
