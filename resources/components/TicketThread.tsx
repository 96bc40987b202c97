import React from 'react';
import { Badge, Box, Label, Loader, MessageBox, Text } from '@adminjs/design-system';
import type { BasePropertyProps } from 'adminjs';
import { useRecordLines } from './use-record-lines.ts';

/** A ticket's whole thread on its record page, oldest first; internal notes are marked (staff only ever see them). */
interface Line {
  id: number;
  body: string;
  internal: boolean;
  authorRole: string;
  authorName: string | null;
  createdAt: string;
  attachments: Array<{ id: number; name: string; sizeBytes: number }>;
}

const TicketThread: React.FC<BasePropertyProps> = ({ record, resource, property }) => {
  const { lines, error } = useRecordLines<Line>({ record, resource }, 'thread');
  if (error) return <MessageBox mb="xl" variant="danger" message={error} />;
  if (!lines) return <Loader />;
  return (
    <Box mb="xl" data-testid="ticket-thread">
      <Label>{property.label}</Label>
      {lines.length === 0 ? <Text>No messages yet.</Text> : null}
      {lines.map((m) => (
        <Box
          key={m.id}
          mb="lg"
          p="default"
          data-testid={`ticket-message-${m.id}`}
          style={{ borderLeft: `4px solid ${m.internal ? '#f59e0b' : '#4f46e5'}`, background: m.internal ? '#fffbeb' : '#f8fafc' }}
        >
          <Text mb="sm">
            <strong>{m.authorName ?? m.authorRole}</strong> ({m.authorRole}) · {new Date(m.createdAt).toLocaleString()}{' '}
            {m.internal ? <Badge variant="primary">internal note</Badge> : null}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
          {m.attachments.length ? (
            <Text mt="sm">Files: {m.attachments.map((a) => `${a.name} (${a.sizeBytes} bytes)`).join(', ')}</Text>
          ) : null}
        </Box>
      ))}
    </Box>
  );
};

export default TicketThread;
