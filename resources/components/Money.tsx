import React from 'react';
import { Box, Label, Text } from '@adminjs/design-system';
import type { BasePropertyProps } from 'adminjs';
import { money } from './format.ts';

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
