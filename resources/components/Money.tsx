import React from 'react';
import { Box, Label, Text } from '@adminjs/design-system';
import type { BasePropertyProps } from 'adminjs';

const money = (cents: number | null | undefined, currency = 'USD'): string => {
  if (cents === null || cents === undefined || Number.isNaN(Number(cents))) return '—';
  try {
    return (Number(cents) / 100).toLocaleString(undefined, { style: 'currency', currency });
  } catch {
    return `${(Number(cents) / 100).toFixed(2)} ${currency}`;
  }
};

/** An amount stored in cents (totalCents, paidCents…), shown in the record's currency. */
const Money: React.FC<BasePropertyProps> = ({ record, property, where }) => {
  const params = (record?.params ?? {}) as Record<string, unknown>;
  const raw = params[property.path];
  const text = raw === null || raw === undefined || raw === '' ? '—' : money(Number(raw), String(params.currency ?? 'USD'));
  if (where === 'show') {
    return (
      <Box mb="xl">
        <Label>{property.label}</Label>
        <Text data-testid={`money-${property.path}`}>{text}</Text>
      </Box>
    );
  }
  return <span>{text}</span>;
};

export default Money;
