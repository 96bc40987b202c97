import React, { useEffect, useState } from 'react';
import { Box, H4, Label, Loader, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient, type BasePropertyProps } from 'adminjs';
import { money } from './format.ts';

/**
 * On the order page: the price list version the order was priced with, its frozen breakdown
 * lines, the cancellation decision if any, and the whole timeline (order_events), read through
 * the read-only `history` action (src/orders/service/staff-queries.ts orderHistory).
 */
interface Line {
  code: string;
  label: string;
  amountCents: number;
  runningCents?: number;
  multiplierBp?: number;
}
interface Event {
  id: number;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorRole: string;
  actor: string | null;
  note: string | null;
  at: string;
}
interface History {
  currency: string;
  totalCents: number | null;
  paidCents: number;
  priceList: { id: number; version: number; status: string; activatedAt: string | null } | null;
  lines: Line[];
  deadlineBand: { maxHours: number; multiplierBp: number } | null;
  cancellation: { outcome: string; refundCents: number; forfeitCents: number; reason: string } | null;
  timeline: Event[];
}

const api = new ApiClient();
const words = (s: string | null) => (s ? s.replace(/_/g, ' ') : '—');

const OrderHistory: React.FC<BasePropertyProps> = ({ record, resource }) => {
  const [history, setHistory] = useState<History | null>(null);
  const [error, setError] = useState<string | null>(null);
  const recordId = record?.id;
  useEffect(() => {
    if (!recordId) return;
    api
      .recordAction({ resourceId: resource.id, recordId, actionName: 'history' })
      .then((response) => {
        const data = response.data as unknown as { history?: History; notice?: { message: string } };
        if (data.history) setHistory(data.history);
        else setError(data.notice?.message ?? 'The history could not be loaded.');
      })
      .catch(() => setError('The history could not be loaded.'));
  }, [recordId, resource.id]);

  if (error) return <MessageBox mb="xl" variant="danger" message={error} />;
  if (!history) return <Loader />;
  const c = history.currency;
  return (
    <Box mb="xl" data-testid="order-history">
      <H4>Price</H4>
      {history.priceList ? (
        <Text mb="default" data-testid="priced-with">
          Priced with price list version {history.priceList.version} ({history.priceList.status}
          {history.priceList.activatedAt ? `, active since ${new Date(history.priceList.activatedAt).toLocaleString()}` : ''})
          {history.deadlineBand ? ` · deadline band ${history.deadlineBand.maxHours} h` : ''}
        </Text>
      ) : (
        <Text mb="default">Not priced yet (a draft).</Text>
      )}
      {history.lines.length ? (
        <Table mb="lg">
          <TableHead>
            <TableRow>
              <TableCell>Line</TableCell>
              <TableCell>Multiplier</TableCell>
              <TableCell>Amount</TableCell>
              <TableCell>Running</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {history.lines.map((l, i) => (
              <TableRow key={`${l.code}-${i}`}>
                <TableCell>{l.label}</TableCell>
                <TableCell>{l.multiplierBp != null ? `× ${(l.multiplierBp / 10_000).toFixed(2)}` : ''}</TableCell>
                <TableCell>{money(l.amountCents, c)}</TableCell>
                <TableCell>{l.runningCents != null ? money(l.runningCents, c) : ''}</TableCell>
              </TableRow>
            ))}
            <TableRow>
              <TableCell>
                <strong>Total</strong>
              </TableCell>
              <TableCell />
              <TableCell>
                <strong>{money(history.totalCents, c)}</strong>
              </TableCell>
              <TableCell>paid {money(history.paidCents, c)}</TableCell>
            </TableRow>
          </TableBody>
        </Table>
      ) : null}
      {history.cancellation ? (
        <Text mb="lg">
          Cancellation {history.cancellation.outcome}: refund {money(history.cancellation.refundCents, c)}, forfeit{' '}
          {money(history.cancellation.forfeitCents, c)} — {history.cancellation.reason}
        </Text>
      ) : null}
      <Label>Timeline</Label>
      <Table>
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>What</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>By</TableCell>
            <TableCell>Note</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {history.timeline.map((e) => (
            <TableRow key={e.id}>
              <TableCell>{new Date(e.at).toLocaleString()}</TableCell>
              <TableCell>{words(e.action)}</TableCell>
              <TableCell>{e.fromStatus === e.toStatus ? words(e.toStatus) : `${words(e.fromStatus)} → ${words(e.toStatus)}`}</TableCell>
              <TableCell>
                {e.actorRole}
                {e.actor ? ` ${e.actor}` : ''}
              </TableCell>
              <TableCell>{e.note ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

export default OrderHistory;
