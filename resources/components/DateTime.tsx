import React from 'react';
import { Box, Label, Text } from '@adminjs/design-system';
import { useCurrentAdmin, type BasePropertyProps } from 'adminjs';
import { dateTime } from './format.ts';

/** A date or moment shown in the signed-in staff member's timezone (their profile's; UTC when unset). */
const DateTime: React.FC<BasePropertyProps> = ({ record, property, where }) => {
  const [admin] = useCurrentAdmin();
  const timeZone = (admin as { timezone?: string } | null)?.timezone || 'UTC';
  const raw = (record?.params ?? {})[property.path];
  const text = dateTime(raw, timeZone, property.type !== 'date');
  if (where === 'show') {
    return (
      <Box mb="xl">
        <Label>{property.label}</Label>
        <Text data-testid={`date-${property.path}`}>{text}</Text>
      </Box>
    );
  }
  return <span title={raw ? String(raw) : undefined}>{text}</span>;
};

export default DateTime;
