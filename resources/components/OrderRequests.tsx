import React, { useEffect, useState } from 'react';
import { Box, H4, Link, Loader, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient, type BasePropertyProps } from 'adminjs';

/**
 * On the order page: the writers' requests for the order, oldest first, with each writer's
 * completed orders and current load, read through the read-only `requests` action
 * (src/orders/requests requestsOfOrder). Open ones link to the request in the order_requests
 * queue, where admins approve or decline them.
 */
interface Request {
  id: number;
  status: string;
  writer: { id: number; registrationId: string; name: string; completedOrders: number; activeOrders: number };
  note: string | null;
  decisionReason: string | null;
  decidedAt: string | null;
  createdAt: string;
}

const api = new ApiClient();
const words = (s: string) => s.replace(/_/g, ' ');

const OrderRequests: React.FC<BasePropertyProps> = ({ record, resource }) => {
  const [requests, setRequests] = useState<Request[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const recordId = record?.id;
  useEffect(() => {
    if (!recordId) return;
    api
      .recordAction({ resourceId: resource.id, recordId, actionName: 'requests' })
      .then((response) => {
        const data = response.data as unknown as { requests?: Request[]; notice?: { message: string } };
        if (data.requests) setRequests(data.requests);
        else setError(data.notice?.message ?? 'The requests could not be loaded.');
      })
      .catch(() => setError('The requests could not be loaded.'));
  }, [recordId, resource.id]);

  if (error) return <MessageBox mb="xl" variant="danger" message={error} />;
  if (!requests) return <Loader />;
  return (
    <Box mb="xl" data-testid="order-requests">
      <H4>Writers&apos; requests</H4>
      {requests.length === 0 ? (
        <Text mb="default">No writer has requested this order.</Text>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableCell>Asked</TableCell>
              <TableCell>Writer</TableCell>
              <TableCell>Completed</TableCell>
              <TableCell>Active (load)</TableCell>
              <TableCell>Note</TableCell>
              <TableCell>Status</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {requests.map((r) => (
              <TableRow key={r.id}>
                <TableCell>{new Date(r.createdAt).toLocaleString()}</TableCell>
                <TableCell>
                  {r.writer.registrationId} {r.writer.name}
                </TableCell>
                <TableCell>{r.writer.completedOrders}</TableCell>
                <TableCell>{r.writer.activeOrders}</TableCell>
                <TableCell>{r.note ?? ''}</TableCell>
                <TableCell>
                  {r.status === 'open' ? (
                    <Link href={`/admin/resources/order_requests/records/${r.id}/show`}>open — decide</Link>
                  ) : (
                    `${words(r.status)}${r.decisionReason ? `: ${r.decisionReason}` : ''}`
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};

export default OrderRequests;
