import React from 'react';
import { Box, Label, Text } from '@adminjs/design-system';
import type { BasePropertyProps } from 'adminjs';
import { money } from './format.ts';

/**
 * An amount stored in cents (totalCents, paidCents…), shown in the record's currency (its own
 * column, else its website's: resources/scoped-resource.ts adds it); a record that knows neither
 * shows the plain amount rather than guess a currency.
 */
const Money: React.FC<BasePropertyProps> = ({ record, property, where }) => {
  const params = (record?.params ?? {}) as Record<string, unknown>;
  const raw = params[property.path];
  const currency = typeof params.currency === 'string' && params.currency ? params.currency : null;
  const amount = Number(raw);
  const text = raw === null || raw === undefined || raw === '' ? '—' : currency ? money(amount, currency) : (amount / 100).toFixed(2);
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
