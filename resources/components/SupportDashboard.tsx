import React, { useEffect, useState } from 'react';
import { Box, H2, H4, Loader, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient } from 'adminjs';

/** The support dashboard page: the queue by priority, the breaches and the agents' workload (src/support/service/dashboard.ts). */
interface Figures {
  queue: Array<{ priority: string; active: number; unassigned: number; alerted: number; breached: number }>;
  breaches: Array<{ id: number; subject: string; priority: string; status: string; assigneeId: number | null; dueAt: string }>;
  agents: Array<{ id: number; name: string; role: string; active: number; unanswered: number; online: boolean }>;
  error?: string;
}

const api = new ApiClient();
const ticketUrl = (id: number) => `/admin/resources/tickets/records/${id}/show`;

const SupportDashboard: React.FC = () => {
  const [figures, setFigures] = useState<Figures | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api
      .getPage<Figures>({ pageName: 'support' })
      .then((response) => setFigures(response.data))
      .catch(() => setFailed(true));
  }, []);
  if (failed || figures?.error)
    return <MessageBox m="xl" variant="danger" message={figures?.error ?? 'The figures could not be loaded.'} />;
  if (!figures) return <Loader />;
  return (
    <Box p="xl" data-testid="support-dashboard">
      <H2>Support</H2>
      <Box variant="white" mb="xl">
        <H4>Queue by priority</H4>
        <Table data-testid="support-queue">
          <TableHead>
            <TableRow>
              <TableCell>Priority</TableCell>
              <TableCell>Active</TableCell>
              <TableCell>Unassigned</TableCell>
              <TableCell>Past 80 %</TableCell>
              <TableCell>Breached</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {figures.queue.map((q) => (
              <TableRow key={q.priority} data-testid={`queue-${q.priority}`}>
                <TableCell>
                  <a href={`/admin/resources/tickets?filters.priority=${q.priority}`}>{q.priority}</a>
                </TableCell>
                <TableCell data-testid={`queue-${q.priority}-active`}>{q.active}</TableCell>
                <TableCell>{q.unassigned}</TableCell>
                <TableCell>{q.alerted}</TableCell>
                <TableCell data-testid={`queue-${q.priority}-breached`}>{q.breached}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      <Box variant="white" mb="xl" data-testid="support-breaches">
        <H4>Breaches (oldest first)</H4>
        {figures.breaches.length === 0 ? (
          <Text>None.</Text>
        ) : (
          figures.breaches.map((b) => (
            <Text key={b.id} mb="sm">
              <a href={ticketUrl(b.id)}>#{b.id}</a> {b.subject} · {b.priority} · {b.status.replace(/_/g, ' ')} · due{' '}
              {new Date(b.dueAt).toLocaleString()}
            </Text>
          ))
        )}
      </Box>
      <Box variant="white" data-testid="support-agents">
        <H4>Agents’ workload</H4>
        <Table>
          <TableHead>
            <TableRow>
              <TableCell>Agent</TableCell>
              <TableCell>Active tickets</TableCell>
              <TableCell>Unanswered</TableCell>
              <TableCell>Online</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {figures.agents.map((a) => (
              <TableRow key={a.id} data-testid={`agent-${a.id}`}>
                <TableCell>
                  <a href={`/admin/resources/tickets?filters.assigneeId=${a.id}`}>{a.name}</a> ({a.role})
                </TableCell>
                <TableCell>{a.active}</TableCell>
                <TableCell>{a.unanswered}</TableCell>
                <TableCell>{a.online ? 'yes' : 'no'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </Box>
  );
};

export default SupportDashboard;
