import React, { useEffect, useState } from 'react';
import { Box, H2, H4, Loader, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient } from 'adminjs';

/**
 * The back-office home: real user counts per website (by role and by status) and the latest audit
 * entries, from the dashboard handler (src/analytics/dashboard.ts). Shapes mirror DashboardFigures.
 */
interface WebsiteFigures {
  websiteId: number;
  name: string;
  total: number;
  byRole: Record<string, number>;
  byStatus: Record<string, number>;
}
interface AuditEntry {
  id: number;
  action: string;
  targetType: string;
  targetId: string | null;
  actorRole: string;
  createdAt: string;
}
interface Figures {
  websites: WebsiteFigures[];
  recentAudit: AuditEntry[] | null;
  error?: string;
}

const api = new ApiClient();
const label = (key: string) => key.replace(/_/g, ' ');

const Counts: React.FC<{ title: string; counts: Record<string, number>; testId: string }> = ({ title, counts, testId }) => (
  <Box flex flexDirection="column" mr="xl" mb="lg">
    <H4>{title}</H4>
    <Table>
      <TableBody>
        {Object.entries(counts).map(([key, n]) => (
          <TableRow key={key}>
            <TableCell>{label(key)}</TableCell>
            <TableCell data-testid={`${testId}-${key}`}>{n}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </Box>
);

const Dashboard: React.FC = () => {
  const [figures, setFigures] = useState<Figures | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    api
      .getDashboard<Figures>()
      .then((response) => setFigures(response.data))
      .catch(() => setFailed(true));
  }, []);

  if (failed || figures?.error)
    return <MessageBox m="xl" variant="danger" message={figures?.error ?? 'The figures could not be loaded.'} />;
  if (!figures) return <Loader />;

  return (
    <Box p="xl" data-testid="dashboard">
      <H2>Scriptorium back office</H2>
      {figures.websites.map((w) => (
        <Box key={w.websiteId} variant="white" mb="xl" data-testid={`website-${w.websiteId}`}>
          <H4>
            {w.name}: <span data-testid={`users-total-${w.websiteId}`}>{w.total}</span> users
          </H4>
          <Box flex flexDirection="row" flexWrap="wrap">
            <Counts title="By role" counts={w.byRole} testId={`role-${w.websiteId}`} />
            <Counts title="By status" counts={w.byStatus} testId={`status-${w.websiteId}`} />
          </Box>
        </Box>
      ))}
      {figures.recentAudit ? (
        <Box variant="white" data-testid="recent-audit">
          <H4>Recent activity</H4>
          {figures.recentAudit.length === 0 ? (
            <Text>Nothing yet.</Text>
          ) : (
            <Table>
              <TableHead>
                <TableRow>
                  <TableCell>When</TableCell>
                  <TableCell>Action</TableCell>
                  <TableCell>Target</TableCell>
                  <TableCell>By</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {figures.recentAudit.map((e) => (
                  <TableRow key={e.id}>
                    <TableCell>{new Date(e.createdAt).toLocaleString()}</TableCell>
                    <TableCell>{e.action}</TableCell>
                    <TableCell>
                      {e.targetType} {e.targetId ?? ''}
                    </TableCell>
                    <TableCell>{e.actorRole}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Box>
      ) : null}
    </Box>
  );
};

export default Dashboard;
