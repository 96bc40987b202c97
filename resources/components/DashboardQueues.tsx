import React from 'react';
import { Box, H4, Text } from '@adminjs/design-system';

/** The work queues: each a count linking to the back-office list filtered to the same rows (src/analytics/queues.ts). */
export interface Queue {
  key: string;
  label: string;
  count: number;
  href: string;
}

const DashboardQueues: React.FC<{ queues: Queue[] }> = ({ queues }) => (
  <Box variant="white" mb="xl" p="lg" data-testid="dashboard-queues">
    <H4>Work queues</H4>
    <Box flex flexDirection="row" flexWrap="wrap">
      {queues.map((q) => (
        <a
          key={q.key}
          href={q.href}
          data-testid={`queue-${q.key}`}
          style={{
            display: 'block',
            minWidth: 170,
            margin: '0 12px 12px 0',
            padding: '10px 14px',
            border: '1px solid #e3e6eb',
            borderRadius: 4,
            textDecoration: 'none',
            color: q.count > 0 ? '#1a1a2e' : '#898a9a',
            background: q.count > 0 ? '#f3f6ff' : 'transparent',
          }}
        >
          <span data-testid={`queue-count-${q.key}`} style={{ display: 'block', fontSize: 26, fontWeight: 700, lineHeight: '32px' }}>
            {q.count}
          </span>
          <Text fontSize="sm">{q.label}</Text>
        </a>
      ))}
    </Box>
  </Box>
);

export default DashboardQueues;
