import React, { useEffect, useState } from 'react';
import { Box, Label, Loader, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient, type BasePropertyProps } from 'adminjs';
import { money } from './format.ts';

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

const api = new ApiClient();

const LedgerLines: React.FC<BasePropertyProps> = ({ record, resource, property }) => {
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
        else setError(data.notice?.message ?? 'The entries could not be loaded.');
      })
      .catch(() => setError('The entries could not be loaded.'));
  }, [recordId, resource.id]);

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
