import React from 'react';
import { Box, Label, Loader, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import type { BasePropertyProps } from 'adminjs';
import { money } from './format.ts';
import { useRecordLines } from './use-record-lines.ts';

/**
 * Ledger entries on a record page, read through the read-only `lines` action: on a transaction its
 * entries (account by account), on an account its latest entries (with the transaction of each).
 */
interface Line {
  entryId: number;
  transactionId?: number;
  kind?: string;
  memo?: string | null;
  account?: string;
  amountCents: number;
  balanceAfterCents: number;
  createdAt?: string;
}

const LedgerLines: React.FC<BasePropertyProps> = ({ record, resource, property }) => {
  const { lines, error } = useRecordLines<Line>({ record, resource }, 'entries');

  if (error) return <MessageBox mb="xl" variant="danger" message={error} />;
  if (!lines) return <Loader />;
  const currency = String(record?.params?.currency ?? 'USD');
  const has = (key: keyof Line) => lines.some((l) => l[key] !== undefined);
  return (
    <Box mb="xl" data-testid="ledger-lines">
      <Label>{property.label}</Label>
      {lines.length === 0 ? (
        <Text>No entries yet.</Text>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              {has('createdAt') ? <TableCell>When</TableCell> : null}
              {has('transactionId') ? <TableCell>Transaction</TableCell> : null}
              {has('kind') ? <TableCell>Kind</TableCell> : null}
              {has('account') ? <TableCell>Account</TableCell> : null}
              {has('memo') ? <TableCell>Memo</TableCell> : null}
              <TableCell>Amount</TableCell>
              <TableCell>Balance after</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {lines.map((l) => (
              <TableRow key={l.entryId}>
                {has('createdAt') ? <TableCell>{l.createdAt ? new Date(l.createdAt).toLocaleString() : ''}</TableCell> : null}
                {has('transactionId') ? (
                  <TableCell>
                    <a href={`/admin/resources/ledger_transactions/records/${l.transactionId}/show`}>#{l.transactionId}</a>
                  </TableCell>
                ) : null}
                {has('kind') ? <TableCell>{(l.kind ?? '').replace(/_/g, ' ')}</TableCell> : null}
                {has('account') ? <TableCell>{l.account}</TableCell> : null}
                {has('memo') ? <TableCell>{l.memo ?? ''}</TableCell> : null}
                <TableCell>{money(l.amountCents, currency)}</TableCell>
                <TableCell>{money(l.balanceAfterCents, currency)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};

export default LedgerLines;
