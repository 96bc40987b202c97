import React from 'react';
import { Box, H4, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';

/** Small pieces of the order cockpit (OrderCockpit.tsx) and the audit timelines: sections, tables, dates, durations. */

export const words = (s: string | null | undefined): string => (s ? s.replace(/_/g, ' ') : '—');

/** A date in the browser's locale and timezone. */
export const when = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString() : '—');

/** "2 d 4 h", "3 h 10 min", "5 min": a duration as staff say it. */
export function duration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 && h < 6 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

/** "2 d 4 h left" or "overdue by 3 h", counted from now. */
export function timeLeft(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const ms = new Date(iso).getTime() - now;
  return ms >= 0 ? `${duration(ms)} left` : `overdue by ${duration(ms)}`;
}

export const Section: React.FC<{ title: string; id: string; children: React.ReactNode }> = ({ title, id, children }) => (
  <Box mb="xl" data-testid={`cockpit-${id}`}>
    <H4>{title}</H4>
    {children}
  </Box>
);

export const None: React.FC<{ children: React.ReactNode }> = ({ children }) => <Text mb="default">{children}</Text>;

/** A plain table: headings and rows of cells (each row keyed). */
export function Rows<T>({
  head,
  items,
  cells,
  keyOf,
  testId,
}: {
  head: string[];
  items: T[];
  cells: (item: T) => React.ReactNode[];
  keyOf: (item: T) => string | number;
  testId?: string;
}) {
  return (
    <Table data-testid={testId}>
      <TableHead>
        <TableRow>
          {head.map((h) => (
            <TableCell key={h}>{h}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map((item) => (
          <TableRow key={keyOf(item)} data-testid={testId ? `${testId}-row` : undefined}>
            {cells(item).map((c, i) => (
              <TableCell key={i}>{c}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** A person as staff name them: role, registration id and name. */
export const person = (p: { role?: string; registrationId?: string; name?: string } | null | undefined, fallback = 'system'): string =>
  p ? [p.role, p.registrationId, p.name].filter(Boolean).join(' ') : fallback;
